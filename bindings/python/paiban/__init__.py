"""paiban: render report JSON to PDF and DOCX bytes, check reports, import plain-text reports.

A thin layer over paiban's C API (paiban/paiban_c.h) through ctypes; nothing is compiled.

    import paiban
    result = paiban.render(open("report.json", encoding="utf-8").read(), formats=("pdf", "docx"))
    if result.ok:
        open("report.pdf", "wb").write(result.pdf)
    for d in result.diagnostics:          # dicts: severity, file, line, column, pointer,
        print(d["pointer"], d["message"])  # message, hint

An Engine lists and loads fonts once; keep one and reuse it (it may be shared by threads). The
module-level functions use one engine per set of font paths. A process that renders many reports
should call paiban.prepare_process_heap() once, early (see its documentation).

The library is found in this order: the file named by the environment variable PAIBAN_LIBRARY;
the library of the install prefix this module was installed into; the system's (libpaiban.so.0
through the dynamic linker's search path).
"""

import ctypes
import ctypes.util
import json
import os
import threading

__all__ = ["Engine", "Result", "PaibanError", "render", "check", "import_text", "version",
           "library_path", "prepare_process_heap"]

# paiban_status (paiban_c.h)
OK, INVALID_INPUT, INVALID_ARGUMENT, IO_ERROR, INTERNAL_ERROR = range(5)
_FORMATS = {"pdf": 1, "docx": 2}
_SONAME = "libpaiban.so.0"


class PaibanError(Exception):
    """A failure that is not a problem of the report: a bad argument, an unreadable font folder,
    an internal error. `status` is the C API's status code."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _find_library():
    named = os.environ.get("PAIBAN_LIBRARY")
    if named:
        return named
    try:  # written by `cmake --install`: where the library lies relative to this package
        from . import _install
        candidate = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  _install.LIBDIR_FROM_PACKAGE, _SONAME))
        if os.path.exists(candidate):
            return candidate
    except ImportError:
        pass
    return ctypes.util.find_library("paiban") or _SONAME


class _EngineOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t),
                ("font_dirs", ctypes.POINTER(ctypes.c_char_p)),
                ("font_dir_count", ctypes.c_size_t),
                ("system_fonts", ctypes.c_int),
                ("default_style", ctypes.c_char_p),
                ("source_date_epoch", ctypes.c_longlong),
                ("roots", ctypes.POINTER(ctypes.c_char_p)),
                ("root_count", ctypes.c_size_t)]


class _RenderOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t),
                ("formats", ctypes.c_uint),
                ("style", ctypes.c_char_p),
                ("source_name", ctypes.c_char_p),
                ("report_dir", ctypes.c_char_p),
                ("threads", ctypes.c_uint)]


class _CheckOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t),
                ("style", ctypes.c_char_p),
                ("source_name", ctypes.c_char_p),
                ("report_dir", ctypes.c_char_p),
                ("strict", ctypes.c_int),
                ("previous_year_json", ctypes.c_char_p),
                ("previous_year_json_size", ctypes.c_size_t)]


_lib = None
_lib_path = None
_lib_lock = threading.Lock()


def _library():
    global _lib, _lib_path
    with _lib_lock:
        if _lib is not None:
            return _lib
        path = _find_library()
        lib = ctypes.CDLL(path)
        P = ctypes.c_void_p
        size_p = ctypes.POINTER(ctypes.c_size_t)
        sigs = {
            "paiban_version": (ctypes.c_char_p, []),
            "paiban_last_error": (ctypes.c_char_p, []),
            "paiban_engine_options_init": (None, [ctypes.POINTER(_EngineOptions)]),
            "paiban_render_options_init": (None, [ctypes.POINTER(_RenderOptions)]),
            "paiban_check_options_init": (None, [ctypes.POINTER(_CheckOptions)]),
            "paiban_engine_new": (ctypes.c_int, [ctypes.POINTER(_EngineOptions),
                                                 ctypes.POINTER(P)]),
            "paiban_engine_free": (None, [P]),
            "paiban_render": (ctypes.c_int, [P, ctypes.c_char_p, ctypes.c_size_t,
                                             ctypes.POINTER(_RenderOptions), ctypes.POINTER(P)]),
            "paiban_check": (ctypes.c_int, [P, ctypes.c_char_p, ctypes.c_size_t,
                                            ctypes.POINTER(_CheckOptions), ctypes.POINTER(P)]),
            "paiban_import_text": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t,
                                                  ctypes.c_char_p, ctypes.POINTER(P)]),
            "paiban_result_status": (ctypes.c_int, [P]),
            "paiban_result_message": (ctypes.c_char_p, [P]),
            "paiban_result_pdf": (ctypes.c_void_p, [P, size_p]),
            "paiban_result_docx": (ctypes.c_void_p, [P, size_p]),
            "paiban_result_json": (ctypes.c_void_p, [P, size_p]),
            "paiban_result_diagnostics_json": (ctypes.c_char_p, [P]),
            "paiban_result_free": (None, [P]),
        }
        for name, (restype, argtypes) in sigs.items():
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes
        # Newer than the rest of the C API: a library from before it still loads.
        if hasattr(lib, "paiban_prepare_process_heap"):
            lib.paiban_prepare_process_heap.restype = ctypes.c_int
            lib.paiban_prepare_process_heap.argtypes = []
        _lib, _lib_path = lib, path
        return lib


def library_path():
    """The file the C library was loaded from (as found, see the module's documentation)."""
    lib = _library()
    try:  # the resolved path of the mapping, when the dynamic linker searched for it
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.rstrip("\n").split(" ", 5)[-1].strip()
                if os.path.basename(path).startswith("libpaiban.so"):
                    return path
    except OSError:
        pass
    return _lib_path if lib else None


def version():
    """The library's version, "0.1.0"."""
    return _library().paiban_version().decode()


def prepare_process_heap():
    """For a process whose main work is rendering: sets glibc's allocator (for the whole process)
    so that the memory one render frees serves the next instead of being given back to the system
    and faulted in again. DOCX renders in a loop gain most (about 40% on a machine of the kind CI
    uses). Call once, early. True when set; False without glibc, under a sanitizer's allocator, or
    with a library older than the call."""
    lib = _library()
    if not hasattr(lib, "paiban_prepare_process_heap"):
        return False
    return lib.paiban_prepare_process_heap() == 1


def _bytes(data):
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _opt(text):
    return None if text is None else os.fsencode(text)


def _string_array(items):
    encoded = [os.fsencode(i) for i in items]
    return (ctypes.c_char_p * max(len(encoded), 1))(*encoded), len(encoded)


class Result:
    """What one call produced. `ok` is true when no error was found (warnings may remain).
    `pdf`, `docx` are bytes (None when not asked for or on error); `json` is the imported report
    as text; `diagnostics` a list of dicts (severity, file, line, column, pointer, message,
    hint); `message` the first error, formatted as the command line prints it."""

    def __init__(self, lib, status, handle):
        self.status = status
        self.message = ""
        self.pdf = self.docx = self.json = None
        self.diagnostics = []
        if not handle:
            self.message = lib.paiban_last_error().decode("utf-8", "replace")
            return
        try:
            self.status = lib.paiban_result_status(handle)
            self.message = lib.paiban_result_message(handle).decode("utf-8", "replace")
            self.diagnostics = json.loads(lib.paiban_result_diagnostics_json(handle).decode())
            size = ctypes.c_size_t()
            for name, getter in (("pdf", lib.paiban_result_pdf), ("docx", lib.paiban_result_docx),
                                 ("json", lib.paiban_result_json)):
                pointer = getter(handle, ctypes.byref(size))
                if pointer:
                    setattr(self, name, ctypes.string_at(pointer, size.value))
            if self.json is not None:
                self.json = self.json.decode("utf-8")
        finally:
            lib.paiban_result_free(handle)

    @property
    def ok(self):
        return self.status == OK

    def __repr__(self):
        return "<paiban.Result status=%d diagnostics=%d>" % (self.status, len(self.diagnostics))


def _finish(lib, status, handle):
    result = Result(lib, status, handle.value)
    if result.status not in (OK, INVALID_INPUT):
        raise PaibanError(result.status, result.message)
    return result


class Engine:
    """Fonts listed and loaded once, and the defaults of every render. `font_paths`: font files
    and folders that take part before the system's fonts (`system_fonts=False`: only those);
    `style`: the default style (a built-in name or a file); `source_date_epoch`: the documents'
    date when a report has none; `roots`: folders from which style files named by reports may be
    read. May be shared by threads. Raises PaibanError when a font folder cannot be read."""

    def __init__(self, font_paths=(), style=None, source_date_epoch=0, roots=(),
                 system_fonts=True):
        lib = self._lib = _library()
        options = _EngineOptions()
        lib.paiban_engine_options_init(ctypes.byref(options))
        fonts, options.font_dir_count = _string_array(font_paths)
        root_array, options.root_count = _string_array(roots)
        options.font_dirs = ctypes.cast(fonts, ctypes.POINTER(ctypes.c_char_p))
        options.roots = ctypes.cast(root_array, ctypes.POINTER(ctypes.c_char_p))
        options.system_fonts = 1 if system_fonts else 0
        options.default_style = _opt(style)
        options.source_date_epoch = int(source_date_epoch)
        handle = ctypes.c_void_p()
        status = lib.paiban_engine_new(ctypes.byref(options), ctypes.byref(handle))
        if status != OK:
            raise PaibanError(status, lib.paiban_last_error().decode("utf-8", "replace"))
        self._handle = handle

    def close(self):
        if getattr(self, "_handle", None):
            self._lib.paiban_engine_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def _engine(self):
        if not self._handle:
            raise PaibanError(INVALID_ARGUMENT, "the engine is closed")
        return self._handle

    def render(self, json_text, formats=("pdf", "docx"), style=None, source_name=None,
               report_dir=None, threads=1):
        """Renders a report (str or UTF-8 bytes); returns a Result with .pdf and .docx.
        `threads`: how many threads this one render may use (the bytes do not depend on it)."""
        mask = 0
        for f in formats:
            if f not in _FORMATS:
                raise ValueError("unknown format %r: use 'pdf' or 'docx'" % (f,))
            mask |= _FORMATS[f]
        data = _bytes(json_text)
        options = _RenderOptions()
        self._lib.paiban_render_options_init(ctypes.byref(options))
        options.formats = mask
        options.style = _opt(style)
        options.source_name = _opt(source_name)
        options.report_dir = _opt(report_dir)
        options.threads = max(1, int(threads))
        handle = ctypes.c_void_p()
        status = self._lib.paiban_render(self._engine(), data, len(data), ctypes.byref(options),
                                         ctypes.byref(handle))
        return _finish(self._lib, status, handle)

    def check(self, json_text, style=None, strict=False, previous_year=None, source_name=None,
              report_dir=None):
        """What `paiban check` reports: everything render would reject and the template's
        cross-check rules (`strict`: violations are errors). Returns a Result."""
        data = _bytes(json_text)
        previous = None if previous_year is None else _bytes(previous_year)
        options = _CheckOptions()
        self._lib.paiban_check_options_init(ctypes.byref(options))
        options.style = _opt(style)
        options.source_name = _opt(source_name)
        options.report_dir = _opt(report_dir)
        options.strict = 1 if strict else 0
        options.previous_year_json = previous
        options.previous_year_json_size = 0 if previous is None else len(previous)
        handle = ctypes.c_void_p()
        status = self._lib.paiban_check(self._engine(), data, len(data), ctypes.byref(options),
                                        ctypes.byref(handle))
        return _finish(self._lib, status, handle)


def import_text(text, source_name=None):
    """Imports the plain-text form of an annual report; the report is the Result's .json."""
    lib = _library()
    data = _bytes(text)
    handle = ctypes.c_void_p()
    status = lib.paiban_import_text(data, len(data), _opt(source_name), ctypes.byref(handle))
    return _finish(lib, status, handle)


_engines = {}
_engines_lock = threading.Lock()


def _shared_engine(font_paths):
    key = tuple(os.fspath(p) for p in font_paths)
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine(font_paths=key)
        return _engines[key]


def render(json_text, formats=("pdf", "docx"), style=None, font_paths=(), source_name=None,
           report_dir=None, threads=1):
    """Renders a report with a shared engine for `font_paths`; returns a Result (.pdf, .docx,
    .diagnostics, .ok)."""
    return _shared_engine(font_paths).render(json_text, formats=formats, style=style,
                                             source_name=source_name, report_dir=report_dir,
                                             threads=threads)


def check(json_text, style=None, strict=False, previous_year=None, font_paths=(),
          source_name=None, report_dir=None):
    """Checks a report with a shared engine for `font_paths`; returns a Result."""
    return _shared_engine(font_paths).check(json_text, style=style, strict=strict,
                                            previous_year=previous_year,
                                            source_name=source_name, report_dir=report_dir)
