// The pipeline: report + style → resolve → table sizing → layout → page model → PDF, and
// resolved document + table sizes + the layout's flow facts → DOCX. Each arrow is one call below.
#include "pipeline.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "docx/docx_writer.h"
#include "enum_names.h"
#include "file_io.h"
#include "fonts/face.h"
#include "fonts/font_cache.h"
#include "fonts/font_registry.h"
#include "fonts/subset.h"
#include "layout/dump.h"
#include "layout/font_context.h"
#include "layout/layout.h"
#include "layout/measure.h"
#include "layout/table_sizing.h"
#include "paiban_limits.h"
#include "parallel.h"
#include "pdf/pdf_writer.h"
#include "resolve/resolved.h"
#include "styles/style.h"

namespace paiban::detail {

namespace {

// The font source of one call: `fonts`, or, when options.font_dirs is not empty, a registry of
// those folders before the system's fonts, living as long as this object. A folder that cannot
// be read is an error diagnostic (and `source` is null).
struct CallFonts {
  CallFonts(const RenderOptions& options, fonts::FontSource& fonts,
            std::vector<Diagnostic>& diagnostics) {
    if (options.font_dirs.empty()) {
      source = &fonts;
      return;
    }
    own = make_font_registry(options.font_dirs, true, diagnostics);
    source = own.get();
  }
  std::unique_ptr<fonts::FontRegistry> own;
  fonts::FontSource* source = nullptr;
};

// A report names style files only inside its own folder or an allowed root; a style given by
// the caller (`options.style`) may lie anywhere, its bases beside it or in a root.
styles::StyleFileAccess style_file_access(const RenderOptions& options) {
  styles::StyleFileAccess access;
  for (const std::string& root : options.roots) access.roots.emplace_back(root);
  if (options.style.empty()) {
    access.base_dir = options.report_dir;
    access.roots.emplace_back(options.report_dir.empty() ? "." : options.report_dir);
  } else if (!access.roots.empty()) {
    const std::filesystem::path style(options.style);
    access.roots.push_back(style.has_parent_path() ? style.parent_path() : ".");
  }
  return access;
}

// Whether `canonical` lies inside one of `roots` (each canonical).
bool inside_roots(const std::filesystem::path& canonical,
                  const std::vector<std::filesystem::path>& roots) {
  for (const std::filesystem::path& root : roots) {
    const auto [r, c] = std::mismatch(root.begin(), root.end(), canonical.begin(), canonical.end());
    if (r == root.end()) return true;
  }
  return false;
}

// The image files a report names (a 公文's seals), read under the rules of every file named
// inside a report (issue #15): relative to the report's folder, only inside it or an allowed
// root (links followed), regular files only, at most limits::kMaxImageFileBytes. A file that
// cannot be read is an error at the pointer of its name.
std::map<std::string, std::string> read_report_files(const Report& report,
                                                     const RenderOptions& options,
                                                     std::vector<Diagnostic>& diagnostics) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  if (!report.gongwen) return files;
  std::vector<fs::path> roots;
  std::vector<std::string> given = options.roots;
  given.push_back(options.report_dir.empty() ? "." : options.report_dir);
  for (const std::string& root : given) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(root, ec), ec);
    roots.push_back(ec ? fs::path(root).lexically_normal() : canonical);
  }
  const std::vector<GongwenSignature>& signatures = report.gongwen->signatures;
  for (size_t i = 0; i < signatures.size(); ++i) {
    if (!signatures[i].seal) continue;
    const std::string& name = signatures[i].seal->image;
    if (name.empty() || files.count(name) != 0) continue;
    const std::string where = "/gongwen/signatures/" + std::to_string(i) + "/seal/image";
    const std::string shown = io::escape_for_terminal(name);
    auto fail = [&](std::string message, std::string hint = {}) {
      Diagnostic d;
      d.pointer = where;
      d.message = std::move(message);
      d.hint = std::move(hint);
      diagnostics.push_back(std::move(d));
    };
    if (io::has_unsafe_path_characters(name)) {
      fail("image file \"" + shown + "\" not allowed: the name holds a control character");
      continue;
    }
    fs::path path(name);
    if (path.is_relative() && !options.report_dir.empty()) path = options.report_dir / path;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
    // The check comes before any access, so that the answer does not tell whether a file
    // outside the allowed folders exists.
    if (ec || !inside_roots(canonical, roots)) {
      fail("image file \"" + shown + "\" not allowed: it lies outside the folders files named " +
               "in a report are read from",
           "keep images beside the report, or allow their folder with --root");
      continue;
    }
    std::string bytes;
    const io::ReadOutcome read =
        io::read_bounded(canonical.string(), limits::kMaxImageFileBytes, bytes);
    if (!read.ok()) {
      fail("cannot read the seal image: " + read.message);
      continue;
    }
    files.emplace(name, std::move(bytes));
  }
  return files;
}

// What the first render of a process builds on its critical path and keeps for later ones: ICU's
// break rules and Chinese dictionary, and for each role's first face the tables the subsetter
// reads (hb-subset of a CJK face costs a third more the first time).
// With a thread to spare, that work starts on it as soon as the style is known, while this
// thread reads, resolves and lays out; the roles' faces are found there too (they were found
// here first, 0.55 ms before the thread could start). Once per process; the caches and the font
// source are thread-safe, and nothing of it changes the output.
HelperThread warm_up_caches(const styles::Style& style, fonts::FontSource& source,
                            const RenderOptions& options) {
  static std::atomic<bool> started{false};
  if (options.threads < 2 || started.exchange(true)) return {};
  // The subsetter's tables serve the PDF alone.
  const bool pdf = std::find(options.formats.begin(), options.formats.end(),
                             OutputFormat::kPdf) != options.formats.end();
  try {
    // `style` and `source` outlive the thread: it is joined before the render's style is gone.
    return HelperThread([&style, &source, pdf] {
      layout::warm_up_text_breaking();
      // Each role's first face: found (the font listing, the first time) and loaded here rather
      // than where layout first asks for it.
      std::vector<const fonts::Face*> faces;
      for (FontRole role :
           {FontRole::kFang, FontRole::kHei, FontRole::kKai, FontRole::kTitle, FontRole::kSong}) {
        try {
          const fonts::FaceChain chain = source.resolve(layout::role_families(style, role), false);
          if (!chain.faces.empty() &&
              std::find(faces.begin(), faces.end(), chain.faces.front()) == faces.end()) {
            faces.push_back(chain.faces.front());
          }
        } catch (const std::exception&) {
          // Layout reports a chain it cannot resolve.
        }
      }
      if (!pdf) return;
      for (const fonts::Face* face : faces) fonts::warm_up_subset(*face);
    });
  } catch (const std::system_error&) {
    return {};  // no thread to be had: the render builds the caches itself
  }
}

// The phases up to table sizing, shared by render, check and dump.
struct Sized {
  std::unique_ptr<styles::Style> style;  // what `fonts` reads; doc holds its own copy
  std::unique_ptr<layout::FontContext> fonts;
  std::optional<resolve::ResolvedDocument> doc;
  layout::SizedTables tables;
  HelperThread warm_up;  // warm_up_caches; joined when the render is done
};

// resolve: report + style sheet → the resolved document both writers read (text widths that a
// rule needs are measured with the document's fonts); then table sizing: every table sized once,
// keyed by its block (the DOCX needs nothing more). Stops at the first phase that reports an
// error.
Sized resolve_and_size(const Report& report, const RenderOptions& options,
                       fonts::FontSource& source, std::vector<Diagnostic>& diagnostics) {
  Sized out;
  const std::string style_name = options.style.empty() ? report.style.name : options.style;
  out.style = std::make_unique<styles::Style>(
      styles::resolve_style(style_name, report.style.overrides, diagnostics,
                            style_file_access(options)));
  if (has_errors(diagnostics)) return out;
  out.warm_up = warm_up_caches(*out.style, source, options);
  out.fonts = std::make_unique<layout::FontContext>(source, *out.style);
  layout::ShapedMeasure measure(*out.fonts, *out.style);
  const std::map<std::string, std::string> files = read_report_files(report, options, diagnostics);
  if (has_errors(diagnostics)) return out;
  out.doc = resolve::resolve_document(report, *out.style, diagnostics, &measure, &files);
  if (has_errors(diagnostics)) return out;
  out.tables = layout::size_tables(*out.doc, *out.fonts, diagnostics);
  return out;
}

// One warning per role whose text is set in a stand-in rather than the office font the style names
// first (the PDF then differs from what Word shows on a machine that has the office font).
void warn_stand_ins(layout::FontContext& fonts, std::vector<Diagnostic>& diagnostics) {
  for (const layout::RoleFace& r : fonts.used_roles()) {
    if (!r.stand_in) continue;
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.pointer = "/style/fonts/" + std::string(name_of(r.role));
    d.message = "the " + std::string(name_of(r.role)) + " role is set in " + r.face->family() +
                " (" + std::filesystem::path(r.face->path()).filename().string() +
                "), a stand-in: " + r.office + " is not installed";
    d.hint = "install " + r.office + ", or pass a folder that has it with --font-path";
    diagnostics.push_back(std::move(d));
  }
}

}  // namespace

std::unique_ptr<fonts::FontRegistry> make_font_registry(const std::vector<std::string>& font_dirs,
                                                        bool system_fonts,
                                                        std::vector<Diagnostic>& diagnostics) {
  try {
    fonts::FontRegistryOptions options{font_dirs, system_fonts};
    // The system's listing is kept on disk between processes (fonts/font_cache.h): a cold render
    // then skips loading fontconfig's configuration. PAIBAN_FONT_CACHE=off turns it off.
    if (system_fonts) options.cache_file = fonts::default_font_cache_path();
    return std::make_unique<fonts::FontRegistry>(options);
  } catch (const std::exception& e) {
    Diagnostic d;
    d.severity = Severity::kError;
    d.message = e.what();
    d.hint = "check that each font folder exists and is readable";
    diagnostics.push_back(std::move(d));
    return nullptr;
  }
}

RenderResult render(const Report& report, const RenderOptions& options, fonts::FontSource& fonts) {
  RenderResult result;
  CallFonts call(options, fonts, result.diagnostics);
  if (call.source == nullptr) return result;
  Sized sized = resolve_and_size(report, options, *call.source, result.diagnostics);
  if (!result.ok()) return result;
  const resolve::ResolvedDocument& doc = *sized.doc;
  // layout → page model, once for both writers: the PDF draws it, the DOCX repeats the line and
  // page decisions it records (resolve/flow_facts.h) so that a word processor breaks alike.
  resolve::FlowFacts flow;
  const layout::PageModel model =
      layout::layout_document(doc, sized.tables, *sized.fonts, result.diagnostics, &flow);
  if (!result.ok()) return result;
  // The writers read what the phases above made and nothing else: with threads to spare the DOCX
  // is written beside the PDF, and the PDF's own pieces (font subsets, page streams) share the
  // threads left: on two, helper threads of its own only fought the DOCX for the second core (a
  // warm seed render 0.3 ms slower, cold no faster). Their diagnostics join in the order the
  // formats were asked for.
  const bool want_pdf = std::find(options.formats.begin(), options.formats.end(),
                                  OutputFormat::kPdf) != options.formats.end();
  const bool want_docx = std::find(options.formats.begin(), options.formats.end(),
                                   OutputFormat::kDocx) != options.formats.end();
  const bool side_by_side = want_pdf && want_docx && options.threads > 1;
  std::vector<Diagnostic> pdf_diagnostics, docx_diagnostics;
  auto write_pdf = [&] {
    warn_stand_ins(*sized.fonts, pdf_diagnostics);
    pdf::PdfOptions pdf_options;
    pdf_options.source_date_epoch = options.source_date_epoch;
    pdf_options.threads = side_by_side ? options.threads - 1 : options.threads;
    result.pdf = pdf::write_pdf(model, pdf_options, *call.source, pdf_diagnostics);
  };
  auto write_docx = [&] {
    docx::DocxOptions docx_options;
    docx_options.source_date_epoch = options.source_date_epoch;
    docx_options.flow = &flow;
    docx_options.decoded_images = &model.images;
    result.docx = docx::write_docx(doc, sized.tables.sizes, docx_options, docx_diagnostics);
  };
  // Task 0 the PDF, task 1 the DOCX: one after the other, or side by side (parallel_for falls
  // back to one thread when no second can be started, and rethrows as a loop would).
  parallel_for(2, side_by_side ? 2u : 1u, [&](size_t task) {
    if (task == 0 && want_pdf) write_pdf();
    if (task == 1 && want_docx) write_docx();
  });
  for (OutputFormat format : options.formats) {
    std::vector<Diagnostic>& part =
        format == OutputFormat::kPdf ? pdf_diagnostics : docx_diagnostics;
    for (Diagnostic& d : part) result.diagnostics.push_back(std::move(d));
    part.clear();
  }
  if (!result.ok()) {
    result.pdf.clear();
    result.docx.clear();
  }
  return result;
}

std::vector<Diagnostic> check(const Report& report, const RenderOptions& options,
                              fonts::FontSource& fonts) {
  std::vector<Diagnostic> diagnostics;
  CallFonts call(options, fonts, diagnostics);
  if (call.source != nullptr) resolve_and_size(report, options, *call.source, diagnostics);
  return diagnostics;
}

DumpResult dump(const Report& report, const RenderOptions& options, std::string_view stage,
                fonts::FontSource& fonts) {
  DumpResult result;
  if (stage != "resolved" && stage != "grid" && stage != "widths" && stage != "lines" &&
      stage != "pages") {
    Diagnostic d;
    d.message = "unknown stage \"" + std::string(stage.substr(0, 40)) +
                "\"; the stages are resolved, grid, widths, lines and pages";
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  CallFonts call(options, fonts, result.diagnostics);
  if (call.source == nullptr) return result;
  Sized sized = resolve_and_size(report, options, *call.source, result.diagnostics);
  if (!sized.doc) return result;
  if (stage == "resolved") {
    result.text = resolve::dump_resolved(*sized.doc);
  } else if (stage == "grid") {
    result.text = resolve::dump_grids(*sized.doc);
  } else if (!has_errors(result.diagnostics)) {
    if (stage == "widths") {
      result.text = layout::dump_table_sizes(*sized.doc, sized.tables);
    } else {
      const layout::PageModel model =
          layout::layout_document(*sized.doc, sized.tables, *sized.fonts, result.diagnostics);
      result.text = stage == "lines" ? layout::dump_lines(model) : layout::dump_pages(model);
    }
  }
  return result;
}

std::string describe_fonts(const RenderOptions& options, fonts::FontSource& fonts,
                           std::vector<Diagnostic>& diagnostics) {
  CallFonts call(options, fonts, diagnostics);
  if (call.source == nullptr) return {};
  const styles::Style style = styles::resolve_style(
      options.style.empty() ? "gbt9704" : options.style, {}, diagnostics);
  std::string out;
  // The roles by their model names (enum_names.h), with the typeface each stands for.
  static const std::pair<FontRole, const char*> kRoles[] = {{FontRole::kSong, "宋体"},
                                                            {FontRole::kFang, "仿宋"},
                                                            {FontRole::kHei, "黑体"},
                                                            {FontRole::kKai, "楷体"},
                                                            {FontRole::kTitle, "小标宋"}};
  for (const auto& [role, typeface] : kRoles) {
    auto it = style.fonts.find(role);
    // What layout resolves: the style's chain and the free fonts every chain ends in.
    const std::vector<std::string> families = layout::role_families(style, role);
    const std::string office =
        it != style.fonts.end() && !it->second.families.empty() ? it->second.families[0] : "";
    const fonts::FaceChain chain = call.source->resolve(families, false);
    out += name_of(role);
    out += " (";
    out += typeface;
    out += ")";
    out += ": ";
    if (chain.faces.empty()) {
      out += "no installed font of the chain";
    } else {
      const fonts::Face* f = chain.faces.front();
      out += f->family() + " — " + f->path() + " (face " + std::to_string(f->index()) + ")";
      out += f == call.source->find(office) ? ", the office font"
                                            : ", a stand-in for " + office;
    }
    if (it != style.fonts.end() && !it->second.latin.empty()) {
      const fonts::FaceChain latin = call.source->resolve(it->second.latin, false);
      out += "\n    latin: ";
      if (latin.faces.empty()) {
        out += "no installed font of the chain (the role's face serves Latin letters)";
      } else {
        const fonts::Face* f = latin.faces.front();
        out += f->family() + " — " + f->path() + " (face " + std::to_string(f->index()) + ")";
        out += f == call.source->find(it->second.latin[0]) ? ", the office font"
                                                           : ", a stand-in for " +
                                                                 it->second.latin[0];
      }
    }
    out += "\n    chain:";
    for (const std::string& fam : families) out += " " + fam + ";";
    out += '\n';
  }
  return out;
}

}  // namespace paiban::detail
