"""The Python module over the C API: the seed renders to the CLI's bytes, bad JSON gives
diagnostics with a pointer, an engine is reused, check and import do what the CLI does.

Run by ctest (tests/capi) with PAIBAN_LIBRARY, PAIBAN_CLI and PAIBAN_SOURCE_DIR set."""

import os
import subprocess
import tempfile
import threading
import unittest

import paiban

SOURCE = os.environ.get("PAIBAN_SOURCE_DIR",
                        os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SEED = os.path.join(SOURCE, "samples", "hongqi-2023", "report.json")


def read(path, mode="r"):
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        return f.read()


class RenderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.seed = read(SEED)
        cls.cli = os.environ.get("PAIBAN_CLI")

    def test_seed_is_byte_identical_to_the_cli(self):
        if not self.cli:
            self.skipTest("PAIBAN_CLI is not set (ctest sets it)")
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items()
                   if k not in ("SOURCE_DATE_EPOCH", "LD_PRELOAD")}
            subprocess.run([self.cli, "render", SEED, "-o", os.path.join(tmp, "a.pdf"),
                            "-o", os.path.join(tmp, "a.docx")], check=True, env=env)
            want_pdf = read(os.path.join(tmp, "a.pdf"), "rb")
            want_docx = read(os.path.join(tmp, "a.docx"), "rb")
        result = paiban.render(self.seed, formats=("pdf", "docx"),
                               report_dir=os.path.dirname(SEED))
        self.assertTrue(result.ok, result.diagnostics)
        self.assertTrue(result.pdf.startswith(b"%PDF-"))
        self.assertEqual(result.pdf, want_pdf, "the PDF differs from the CLI's")
        self.assertEqual(result.docx, want_docx, "the DOCX differs from the CLI's")

    def test_formats_choose_the_outputs(self):
        result = paiban.render(self.seed, formats=("docx",))
        self.assertTrue(result.ok)
        self.assertIsNone(result.pdf)
        self.assertTrue(result.docx.startswith(b"PK"))
        with self.assertRaises(ValueError):
            paiban.render(self.seed, formats=("odt",))

    def test_bad_json_gives_diagnostics_with_a_pointer(self):
        bad = ('{"metadata": {"title": "t"},\n  "body": [\n'
               '    {"type": "paragraph", "text": 5}\n  ]\n}\n')
        result = paiban.render(bad, source_name="bad.json")
        self.assertFalse(result.ok)
        self.assertEqual(result.status, paiban.INVALID_INPUT)
        self.assertIsNone(result.pdf)
        first = result.diagnostics[0]
        self.assertEqual(first["severity"], "error")
        self.assertEqual(first["pointer"], "/body/0/text")
        self.assertEqual(first["file"], "bad.json")
        self.assertEqual(first["line"], 3)
        self.assertIn("/body/0/text", result.message)

    def test_syntax_error_names_the_line(self):
        result = paiban.render('{"metadata": {"title": "t"},\n'
                               '"body": [{"type": "paragraph",, }\n]}')
        self.assertFalse(result.ok)
        self.assertEqual(result.diagnostics[0]["line"], 2)

    def test_style_overrides_the_report(self):
        result = paiban.render(self.seed, formats=("pdf",), style="no-such-style")
        self.assertFalse(result.ok)
        self.assertIn("no-such-style", result.message)

    def test_unreadable_font_folder_raises(self):
        with self.assertRaises(paiban.PaibanError) as caught:
            paiban.Engine(font_paths=["/nonexistent-paiban-fonts"])
        self.assertEqual(caught.exception.status, paiban.IO_ERROR)
        self.assertIn("nonexistent-paiban-fonts", str(caught.exception))


class EngineTest(unittest.TestCase):
    def test_an_engine_is_reused_and_shared_by_threads(self):
        seed = read(SEED)
        with paiban.Engine(source_date_epoch=1700000000) as engine:
            first = engine.render(seed, formats=("pdf",))
            self.assertTrue(first.ok, first.diagnostics)
            self.assertIn(b"D:2023", first.pdf)  # the engine's date, not 2000-01-01
            results = [None] * 4

            def work(i):
                # Two of the four renders use two threads each: the same bytes.
                results[i] = engine.render(seed, formats=("pdf",), threads=1 + i % 2).pdf

            threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for pdf in results:
                self.assertEqual(pdf, first.pdf)
        with self.assertRaises(paiban.PaibanError):
            engine.render(seed)  # closed

    def test_module_functions_share_one_engine(self):
        self.assertIs(paiban._shared_engine(()), paiban._shared_engine(()))

    def test_check_and_import(self):
        self.assertTrue(paiban.check(read(SEED)).ok)
        bad = ('{"metadata": {"title": "t"}, "body": [{"type": "table", "columns": 2, "rows": ['
               '{"cells": [{"text": "a", "rowspan": 3}, {"text": "b"}]}, '
               '{"cells": [{"text": "c"}]}]}]}')
        result = paiban.check(bad)
        self.assertFalse(result.ok)
        self.assertTrue(result.diagnostics[0]["pointer"].startswith("/body/0"))

        text = read(os.path.join(SOURCE, "tests", "import", "data", "hongqi-2023-seed.txt"))
        imported = paiban.import_text(text, source_name="seed.txt")
        self.assertTrue(imported.ok, imported.diagnostics)
        self.assertIn("红旗区城乡建设局2023年政府信息公开工作年度报告", imported.json)
        self.assertTrue(paiban.render(imported.json, formats=("pdf",)).ok)

    def test_version(self):
        self.assertRegex(paiban.version(), r"^\d+\.\d+\.\d+$")

    def test_prepare_process_heap_changes_no_byte(self):
        # True with glibc's allocator, False under a sanitizer's (the tests' build), which ignores
        # it. tools/bench/embedded.py --check measures what it changes (CI, the release build).
        seed = read(SEED)
        before = paiban.render(seed, formats=("docx",), report_dir=os.path.dirname(SEED))
        self.assertIsInstance(paiban.prepare_process_heap(), bool)
        after = paiban.render(seed, formats=("docx",), report_dir=os.path.dirname(SEED))
        self.assertTrue(before.ok and after.ok)
        self.assertEqual(before.docx, after.docx)


if __name__ == "__main__":
    unittest.main()
