// Page model → PDF with PoDoFo 0.9.8 as the object writer (docs/pdf-fonts-recipe.md). PoDoFo's
// font layer is never used: it embeds whole collections, takes face 0 of a .ttc and labels CFF as
// TrueType. Every PoDoFo call stays in this file, so a PoDoFo upgrade (0.10 changed the whole
// API) touches nothing else.
#include "pdf/pdf_writer.h"

#include <libdeflate.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>

#include "fonts/face.h"
#include "fonts/font_source.h"
#include "fonts/subset.h"
#include "paiban_assert.h"
#include "parallel.h"
#include "pdf/content_stream.h"
#include "pdf/font_embedding.h"
#include "pdf/metadata.h"
#include "pdf/pdf_syntax.h"

namespace paiban::pdf {

namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfReference;
using PoDoFo::PdfString;
using PoDoFo::PdfVariant;

// CJK glyphs are one em wide; /DW covers them and /W lists the rest.
constexpr int kDefaultWidth = 1000;
// The FontDescriptor needs a StemV; the face does not give one, and viewers only use it to
// synthesize a substitute font, which never happens for an embedded one.
constexpr int kStemV = 80;
// FontDescriptor /Flags: Symbolic (bit 3), as every CID-keyed font must be.
constexpr int kSymbolicFlag = 4;

std::once_flag podofo_init_once;
// PoDoFo logs to stderr process-wide by default; a library must stay quiet.
void init_podofo() {
  std::call_once(podofo_init_once, [] {
    PoDoFo::PdfError::EnableLogging(false);
    PoDoFo::PdfError::EnableDebug(false);
  });
}

void add_diagnostic(std::vector<Diagnostic>& diagnostics, Severity severity, std::string message,
                    std::string hint = "") {
  Diagnostic d;
  d.severity = severity;
  d.message = std::move(message);
  d.hint = std::move(hint);
  diagnostics.push_back(std::move(d));
}

// Guards PoDoFo's calls to localtime() (see write_pdf).
std::mutex& podofo_clock_mutex() {
  static std::mutex mutex;
  return mutex;
}

PdfObject integer(long long v) { return PdfObject(static_cast<PoDoFo::pdf_int64>(v)); }

PdfString utf8_string(const std::string& text) {
  const std::string valid = sanitize_utf8(text);
  return PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(valid.c_str()));
}

// Sets a stream's data, Flate-compressed (ISO 32000-1 §7.4.4: a zlib stream, RFC 1950). Compressed
// with libdeflate rather than through PoDoFo's filter (zlib level 6), which was a quarter of a
// cold render's CPU: font programs are most of the bytes and shrink little whatever the effort
// (CFF programs are now stored as they are: prepare_font).
// On the seed's streams libdeflate's level 1 is about four times faster than zlib's level 6 for
// 2% more bytes (its level 6: twice as fast, 2% fewer bytes).
std::string flate(std::string_view data) {
  struct FreeCompressor {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
  };
  using Compressor = std::unique_ptr<libdeflate_compressor, FreeCompressor>;
  // Compressors are kept for the process and lent out one per call: a render's threads
  // (PdfOptions::threads) come and go, and a compressor per new thread would be allocated (and
  // its tables faulted in) for every render.
  static std::mutex mutex;
  static std::vector<Compressor> idle;
  Compressor compressor;
  {
    std::lock_guard lock(mutex);
    if (!idle.empty()) {
      compressor = std::move(idle.back());
      idle.pop_back();
    }
  }
  if (!compressor) compressor.reset(libdeflate_alloc_compressor(1));
  if (!compressor) throw std::bad_alloc();
  std::string compressed(libdeflate_zlib_compress_bound(compressor.get(), data.size()), '\0');
  const size_t size = libdeflate_zlib_compress(compressor.get(), data.data(), data.size(),
                                               compressed.data(), compressed.size());
  PAIBAN_ASSERT(size > 0, "the bound libdeflate gives always holds the compressed data");
  compressed.resize(size);
  std::lock_guard lock(mutex);
  idle.push_back(std::move(compressor));
  return compressed;
}

// Sets a stream's data to bytes stored as they are, with no /Filter.
void set_plain_stream(PdfObject* object, std::string_view data) {
  PoDoFo::PdfMemoryInputStream in(data.data(), static_cast<PoDoFo::pdf_long>(data.size()));
  // SetRawData stores the bytes as they are and leaves /Filter to the caller.
  object->GetStream()->SetRawData(&in, static_cast<PoDoFo::pdf_long>(data.size()));
}

// Sets a stream's data to bytes Flate-compressed already (flate()).
void set_flate_stream(PdfObject* object, std::string_view compressed) {
  set_plain_stream(object, compressed);
  object->GetDictionary().AddKey("Filter", PdfName("FlateDecode"));
}

void set_stream(PdfObject* object, std::string_view data) {
  set_flate_stream(object, flate(data));
}

// The Flate streams of a PNG image's pixels and alpha.
struct FlateImage {
  std::string source;  // the image's bytes, which the streams depend on alone
  std::string pixels;
  std::string alpha;  // empty when the image is opaque
  size_t cost() const { return source.size() + pixels.size() + alpha.size(); }
};

// FlateImages by the image's bytes, shared by the renders of a process: a batch of 公文 places the
// same seal in every document, and compressing an 800 × 800 seal's pixels was a tenth of such a
// render. Bounded: past kMaxBytes the oldest entries are dropped.
class FlateImages {
 public:
  std::shared_ptr<const FlateImage> get(const page::ImageResource& image) {
    {
      std::lock_guard lock(mutex_);
      auto it = images_.find(image.source);
      if (it != images_.end()) return it->second;
    }
    auto made = std::make_shared<FlateImage>();
    made->source = image.source;
    const auto* pixels = reinterpret_cast<const char*>(image.pixels.data());
    made->pixels = flate(std::string_view(pixels, image.pixels.size()));
    if (!image.alpha.empty()) {
      const auto* alpha = reinterpret_cast<const char*>(image.alpha.data());
      made->alpha = flate(std::string_view(alpha, image.alpha.size()));
    }
    if (made->source.empty() || made->cost() > kMaxBytes / 4) return made;
    std::lock_guard lock(mutex_);
    if (images_.emplace(made->source, made).second) {
      order_.push_back(made);
      bytes_ += made->cost();
    }
    while (bytes_ > kMaxBytes && !order_.empty()) {
      bytes_ -= order_.front()->cost();
      images_.erase(order_.front()->source);
      order_.pop_front();
    }
    return made;
  }

 private:
  static constexpr size_t kMaxBytes = size_t{16} << 20;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const FlateImage>> images_;
  std::deque<std::shared_ptr<const FlateImage>> order_;  // oldest first
  size_t bytes_ = 0;
};

FlateImages& flate_images() {
  static FlateImages* images = new FlateImages;  // never destroyed: no exit-order hazard
  return *images;
}

// Checks what the writer relies on and reports what is wrong with the model. Errors stop the
// document; the rest is skipped with a warning.
bool check_model(const page::PageModel& model, std::vector<Diagnostic>& diagnostics) {
  bool ok = true;
  if (model.pages.empty()) {
    add_diagnostic(diagnostics, Severity::kError, "PDF: the document has no pages");
    return false;
  }
  size_t notdef = 0;
  size_t no_size = 0;
  for (size_t p = 0; p < model.pages.size(); ++p) {
    const page::Page& page = model.pages[p];
    const std::string where = "PDF: page " + std::to_string(p + 1);
    if (page.width <= 0 || page.height <= 0) {
      add_diagnostic(diagnostics, Severity::kError, where + " has no size");
      ok = false;
    }
    const bool landscape = page.orientation == page::Orientation::kLandscape;
    if (page.width > 0 && page.height > 0 && landscape != (page.width > page.height)) {
      add_diagnostic(diagnostics, Severity::kError,
                     where + " is marked " + (landscape ? "landscape" : "portrait") + " but is " +
                         std::to_string(page::lu_to_pt(page.width)) + " × " +
                         std::to_string(page::lu_to_pt(page.height)) + " pt");
      ok = false;
    }
    for (size_t i = 0; i < page.images.size(); ++i) {
      const int image = page.images[i].image;
      if (image < 0 || static_cast<size_t>(image) >= model.images.size()) {
        add_diagnostic(diagnostics, Severity::kError,
                       where + ", image " + std::to_string(i + 1) + ": image resource " +
                           std::to_string(image) + " does not exist (the document has " +
                           std::to_string(model.images.size()) + " images)");
        ok = false;
      }
    }
    for (size_t i = 0; i < page.links.size(); ++i) {
      const page::Link& link = page.links[i];
      const bool internal = link.uri.empty();
      if (internal &&
          (link.dest_page < 0 || static_cast<size_t>(link.dest_page) >= model.pages.size())) {
        add_diagnostic(diagnostics, Severity::kError,
                       where + ", link " + std::to_string(i + 1) +
                           ": no URI and no destination page in the document (page index " +
                           std::to_string(link.dest_page) + ")");
        ok = false;
      }
    }
    for (size_t r = 0; r < page.runs.size(); ++r) {
      const page::GlyphRun& run = page.runs[r];
      if (run.font < 0 || static_cast<size_t>(run.font) >= model.fonts.size()) {
        add_diagnostic(diagnostics, Severity::kError,
                       where + ", glyph run " + std::to_string(r + 1) + ": font " +
                           std::to_string(run.font) + " does not exist (the document has " +
                           std::to_string(model.fonts.size()) + " fonts)");
        ok = false;
        continue;
      }
      if (run.color < 0 || static_cast<size_t>(run.color) >= model.colors.size()) {
        add_diagnostic(diagnostics, Severity::kError,
                       where + ", glyph run " + std::to_string(r + 1) + ": colour " +
                           std::to_string(run.color) + " does not exist (the document has " +
                           std::to_string(model.colors.size()) + " colours)");
        ok = false;
        continue;
      }
      if (run.size <= 0 && !run.glyphs.empty()) ++no_size;
      for (const page::Glyph& g : run.glyphs) notdef += g.gid == 0 ? 1 : 0;
    }
  }
  if (notdef > 0) {
    add_diagnostic(diagnostics, Severity::kWarning,
                   "PDF: " + std::to_string(notdef) +
                       " .notdef glyphs (characters no font has) were left out");
  }
  if (no_size > 0) {
    add_diagnostic(
        diagnostics, Severity::kWarning,
        "PDF: " + std::to_string(no_size) + " glyph runs without a font size were left out");
  }
  return ok;
}

// A PoDoFo output device writing into a string the caller reserved: the file is written once,
// where PoDoFo's buffer device doubled its buffer as it grew (copying what it held) and the result
// was copied out of it again (a tenth of a warm render's PDF, most of it first touches of pages).
class StringDevice final : public PoDoFo::PdfOutputDevice {
 public:
  explicit StringDevice(std::string& out) : out_(out) {}
  size_t GetLength() const override { return out_.size(); }
  size_t Tell() const override { return position_; }
  void PrintV(const char* format, long bytes, va_list args) override {
    if (bytes < 0) PODOFO_RAISE_ERROR(PoDoFo::ePdfError_InvalidDataType);
    const size_t length = static_cast<size_t>(bytes);
    if (position_ != out_.size()) {  // after a Seek back: formatted aside, then written over
      std::string text(length + 1, '\0');
      std::vsnprintf(text.data(), text.size(), format, args);
      Write(text.data(), length);
      return;
    }
    // vsnprintf ends the text with a zero: room for it, then cut off.
    out_.resize(position_ + length + 1);
    std::vsnprintf(out_.data() + position_, length + 1, format, args);
    out_.resize(position_ + length);
    position_ += length;
  }
  void Write(const char* data, size_t length) override {
    if (position_ == out_.size()) {
      out_.append(data, length);
    } else {
      if (position_ + length > out_.size()) out_.resize(position_ + length);
      std::copy(data, data + length, out_.begin() + static_cast<std::ptrdiff_t>(position_));
    }
    position_ += length;
  }
  size_t Read(char*, size_t) override { PODOFO_RAISE_ERROR(PoDoFo::ePdfError_InternalLogic); }
  void Seek(size_t offset) override {
    if (offset > out_.size()) PODOFO_RAISE_ERROR(PoDoFo::ePdfError_ValueOutOfRange);
    position_ = offset;
  }
  void Flush() override {}

 private:
  std::string& out_;
  size_t position_ = 0;
};

// One font of the model as embedded in the document.
struct EmbeddedFont {
  ContentFont content;
  PdfReference type0;
};

// What embedding a font needs that no PDF object does: the subset program and the ToUnicode CMap,
// both compressed, and the widths. Most of a render's PDF work (hb-subset and deflate), and
// independent for each font, so the fonts of a document are prepared at once (write_document).
struct PreparedFont {
  ContentFont content;
  bool cff = false;
  size_t program_size = 0;  // uncompressed (a TrueType program's /Length1)
  // The subset: a CFF program is stored as it is, TrueType Flate-compressed (`deflated`).
  std::shared_ptr<const fonts::SubsetFont> subset;
  std::string deflated;
  std::string to_unicode;  // Flate-compressed
  std::map<uint16_t, int> width_for_code;

  // What the font's program stream holds.
  std::string_view program() const { return cff ? std::string_view(subset->program) : deflated; }
};

// Subsets `face` to the glyphs the document draws with it and compresses what the PDF stores.
// Touches no PoDoFo object: safe on any thread (faces are thread-safe for reading).
PreparedFont prepare_font(const fonts::Face& face, const FontGlyphs& glyphs, size_t index) {
  std::shared_ptr<const fonts::SubsetFont> cached = fonts::cached_subset(face, glyphs.gids);
  const fonts::SubsetFont& subset = *cached;
  PreparedFont font;
  font.content.resource_name = "F" + std::to_string(index);
  font.content.code_for_gid = subset.code_for_gid;
  font.content.text_for_gid = glyphs.text_for_gid;

  std::map<uint16_t, std::string> text_for_code;
  for (uint32_t gid : glyphs.gids) {
    PAIBAN_ASSERT(gid != 0, "glyph 0 (.notdef) never reaches a font's glyph list");
    auto code = subset.code_for_gid.find(gid);
    if (code == subset.code_for_gid.end()) {
      throw std::runtime_error("the subset of " + face.path() + " lost glyph " +
                               std::to_string(gid));
    }
    const int width = pdf_glyph_width(face.h_advance(gid), face.upem());
    font.content.width_for_gid[gid] = width;
    font.width_for_code[code->second] = width;
    auto text = glyphs.text_for_gid.find(gid);
    if (text != glyphs.text_for_gid.end()) text_for_code[code->second] = text->second;
  }
  font.cff = subset.cff;
  font.program_size = subset.program.size();
  // A CFF program is stored as it is. Its Type 2 charstrings are packed already: Flate takes
  // 15-20% off a CJK subset, at about 6 ms of CPU a megabyte even at libdeflate's fastest level,
  // and that was the largest single piece of a warm render's PDF (the seed: 272 KB of CFF, 2.2 ms
  // of 10; the file 17% larger stored). TrueType glyf data shrinks by a third and is deflated.
  if (!font.cff) font.deflated = flate(subset.program);
  font.subset = std::move(cached);
  font.to_unicode = flate(build_to_unicode_cmap(text_for_code));
  return font;
}

// Builds Type0 → CIDFont → FontDescriptor → program, plus the ToUnicode CMap, for the glyphs the
// document draws with `face` (recipe: "PDF objects"), from what prepare_font made.
EmbeddedFont embed_font(PoDoFo::PdfVecObjects& objects, const fonts::Face& face,
                        const FontGlyphs& glyphs, PreparedFont&& prepared) {
  EmbeddedFont font;
  font.content = std::move(prepared.content);
  const std::map<uint16_t, int>& width_for_code = prepared.width_for_code;
  const bool cff = prepared.cff;

  const std::string name =
      subset_tag(face.postscript_name(), glyphs.gids) + '+' + pdf_font_name(face.postscript_name());
  const int upem = face.upem();

  PdfObject* program = objects.CreateObject();
  if (cff) {
    set_plain_stream(program, prepared.program());
    program->GetDictionary().AddKey("Subtype", PdfName("CIDFontType0C"));
  } else {
    set_flate_stream(program, prepared.program());
    program->GetDictionary().AddKey("Length1",
                                    integer(static_cast<long long>(prepared.program_size)));
  }

  PdfObject* descriptor = objects.CreateObject("FontDescriptor");
  PdfDictionary& fd = descriptor->GetDictionary();
  fd.AddKey("FontName", PdfName(name));
  fd.AddKey("Flags", integer(kSymbolicFlag));
  PdfArray bbox;
  for (int v : face.bbox()) bbox.push_back(integer(to_thousandths(v, upem)));
  fd.AddKey("FontBBox", bbox);
  fd.AddKey("ItalicAngle", integer(face.italic_angle()));
  fd.AddKey("Ascent", integer(to_thousandths(face.ascender(), upem)));
  fd.AddKey("Descent", integer(to_thousandths(face.descender(), upem)));
  fd.AddKey("CapHeight", integer(to_thousandths(face.cap_height(), upem)));
  fd.AddKey("StemV", integer(kStemV));
  fd.AddKey(cff ? "FontFile3" : "FontFile2", program->Reference());

  PdfObject* cid_font = objects.CreateObject("Font");
  PdfDictionary& cf = cid_font->GetDictionary();
  cf.AddKey("Subtype", PdfName(cff ? "CIDFontType0" : "CIDFontType2"));
  cf.AddKey("BaseFont", PdfName(name));
  PdfDictionary system_info;
  system_info.AddKey("Registry", PdfString("Adobe"));
  system_info.AddKey("Ordering", PdfString("Identity"));
  system_info.AddKey("Supplement", integer(0));
  cf.AddKey("CIDSystemInfo", system_info);
  cf.AddKey("FontDescriptor", descriptor->Reference());
  cf.AddKey("DW", integer(kDefaultWidth));
  PdfArray widths;
  for (const WidthGroup& group : group_widths(width_for_code, kDefaultWidth)) {
    widths.push_back(integer(group.first));
    PdfArray ws;
    for (int w : group.widths) ws.push_back(integer(w));
    widths.push_back(ws);
  }
  if (!widths.empty()) cf.AddKey("W", widths);
  // TrueType: the codes are the subset's glyph ids (recipe: "Subsetting").
  if (!cff) cf.AddKey("CIDToGIDMap", PdfName("Identity"));

  PdfObject* to_unicode = objects.CreateObject();
  set_flate_stream(to_unicode, prepared.to_unicode);

  PdfObject* type0 = objects.CreateObject("Font");
  PdfDictionary& t0 = type0->GetDictionary();
  t0.AddKey("Subtype", PdfName("Type0"));
  // A Type0 font over a CIDFontType0 is named "base-encoding" (ISO 32000-1 §9.7.6.1).
  t0.AddKey("BaseFont", PdfName(cff ? name + "-Identity-H" : name));
  t0.AddKey("Encoding", PdfName("Identity-H"));
  PdfArray descendants;
  descendants.push_back(cid_font->Reference());
  t0.AddKey("DescendantFonts", descendants);
  t0.AddKey("ToUnicode", to_unicode->Reference());

  font.type0 = type0->Reference();
  return font;
}

// An image XObject (ISO 32000-1 §8.9.5): 8 bits per component; pixels Flate-compressed, a JPEG's
// own bytes as /DCTDecode; alpha as a separate /SMask image so what lies beneath shows through.
PdfReference embed_image(PoDoFo::PdfVecObjects& objects, const page::ImageResource& image) {
  using ColorSpace = page::ImageResource::ColorSpace;
  auto image_dict = [&](PdfObject* object, const char* color_space) {
    PdfDictionary& d = object->GetDictionary();
    d.AddKey("Subtype", PdfName("Image"));
    d.AddKey("Width", integer(image.width));
    d.AddKey("Height", integer(image.height));
    d.AddKey("ColorSpace", PdfName(color_space));
    d.AddKey("BitsPerComponent", integer(8));
  };
  const char* space = image.color_space == ColorSpace::kGray  ? "DeviceGray"
                      : image.color_space == ColorSpace::kRgb ? "DeviceRGB"
                                                              : "DeviceCMYK";
  PdfObject* object = objects.CreateObject("XObject");
  if (image.format == page::ImageResource::Format::kJpeg) {
    // Passed through untouched: no generation loss, and the smallest file.
    object->GetStream()->Set(image.source.data(),
                             static_cast<PoDoFo::pdf_long>(image.source.size()),
                             PoDoFo::TVecFilters());
    image_dict(object, space);
    object->GetDictionary().AddKey("Filter", PdfName("DCTDecode"));
    if (image.inverted_cmyk) {
      PdfArray decode;
      for (int i = 0; i < 4; ++i) {
        decode.push_back(integer(1));
        decode.push_back(integer(0));
      }
      object->GetDictionary().AddKey("Decode", decode);
    }
    if (!image.alpha.empty()) {
      PdfObject* mask = objects.CreateObject("XObject");
      image_dict(mask, "DeviceGray");
      const auto* alpha = reinterpret_cast<const char*>(image.alpha.data());
      set_stream(mask, std::string_view(alpha, image.alpha.size()));
      object->GetDictionary().AddKey("SMask", mask->Reference());
    }
  } else {
    image_dict(object, space);
    const std::shared_ptr<const FlateImage> flated = flate_images().get(image);
    set_flate_stream(object, flated->pixels);
    if (!image.alpha.empty()) {
      PdfObject* mask = objects.CreateObject("XObject");
      image_dict(mask, "DeviceGray");
      set_flate_stream(mask, flated->alpha);
      object->GetDictionary().AddKey("SMask", mask->Reference());
    }
  }
  return object->Reference();
}

// A spot colour as [/Separation /name /DeviceCMYK f] (ISO 32000-1 §8.6.6.4), f a type 2
// function from no ink (0 0 0 0) to the alternate at full tint.
PdfReference embed_separation(PoDoFo::PdfVecObjects& objects, const page::Color& color) {
  PdfObject* function = objects.CreateObject();
  PdfDictionary& f = function->GetDictionary();
  f.AddKey("FunctionType", integer(2));
  PdfArray domain;
  domain.push_back(integer(0));
  domain.push_back(integer(1));
  f.AddKey("Domain", domain);
  PdfArray c0, c1;
  for (double v : color.c) {
    c0.push_back(integer(0));
    c1.push_back(PdfObject(std::clamp(v, 0.0, 1.0)));
  }
  f.AddKey("C0", c0);
  f.AddKey("C1", c1);
  f.AddKey("N", integer(1));
  PdfObject* space = objects.CreateObject(PdfArray());
  PdfArray& a = space->GetArray();
  a.push_back(PdfName("Separation"));
  a.push_back(PdfName(color.spot_name));
  a.push_back(PdfName("DeviceCMYK"));
  a.push_back(function->Reference());
  return space->Reference();
}

// The spot colours a page paints with, by name.
std::set<std::string> page_spot_names(const page::PageModel& model, const page::Page& page) {
  std::set<std::string> names;
  auto note = [&](const page::Color& c) {
    if (c.space == page::Color::Space::kSpot) names.insert(c.spot_name);
  };
  for (const page::GlyphRun& run : page.runs) {
    if (run.color >= 0 && static_cast<size_t>(run.color) < model.colors.size()) {
      note(model.colors[static_cast<size_t>(run.color)]);
    }
  }
  for (const page::Path& path : page.paths) {
    if (path.fill) note(path.fill_color);
    if (path.stroke) note(path.stroke_color);
  }
  return names;
}

// /Link annotations (ISO 32000-1 §12.5.6.5), no border: a URI action, or a destination on a page
// of this document. Added once all pages exist, through the page objects kept when each page was
// made (a page-tree lookup per link would make this quadratic in pages).
void write_links(PoDoFo::PdfMemDocument& doc, const page::PageModel& model,
                 const std::vector<PdfObject*>& pages) {
  for (size_t p = 0; p < model.pages.size(); ++p) {
    const page::Page& model_page = model.pages[p];
    if (model_page.links.empty()) continue;
    PdfArray annots;
    for (const page::Link& link : model_page.links) {
      PdfObject* annot = doc.GetObjects().CreateObject("Annot");
      PdfDictionary& d = annot->GetDictionary();
      d.AddKey("Subtype", PdfName("Link"));
      PdfArray rect;
      rect.push_back(PdfObject(page::lu_to_pt(link.x)));
      rect.push_back(PdfObject(page::lu_to_pt(model_page.height - link.y - link.h)));
      rect.push_back(PdfObject(page::lu_to_pt(link.x + link.w)));
      rect.push_back(PdfObject(page::lu_to_pt(model_page.height - link.y)));
      d.AddKey("Rect", rect);
      PdfArray border;
      for (int i = 0; i < 3; ++i) border.push_back(integer(0));
      d.AddKey("Border", border);
      if (!link.uri.empty()) {
        PdfDictionary action;
        action.AddKey("S", PdfName("URI"));
        // URIs are 7-bit ASCII (ISO 32000-1 §12.6.4.7); IRIs must arrive percent-encoded.
        action.AddKey("URI", PdfString(link.uri));
        d.AddKey("A", action);
      } else {
        const auto target = static_cast<size_t>(link.dest_page);
        PdfArray dest;
        dest.push_back(pages[target]->Reference());
        dest.push_back(PdfName("XYZ"));
        dest.push_back(PdfVariant::NullValue);
        dest.push_back(PdfObject(page::lu_to_pt(model.pages[target].height - link.dest_y)));
        dest.push_back(PdfVariant::NullValue);
        d.AddKey("Dest", dest);
      }
      annots.push_back(annot->Reference());
    }
    pages[p]->GetDictionary().AddKey("Annots", annots);
  }
}

// "12 0 R".
void append_reference(std::string& out, const PdfReference& ref) {
  out += std::to_string(ref.ObjectNumber());
  out += ' ';
  out += std::to_string(ref.GenerationNumber());
  out += " R";
}

// Gives `object` a value already in PDF syntax, written as it is (PoDoFo::PdfData). The structure
// tree is most of a tagged document's objects (the seed: 360 of 424): built as PoDoFo
// dictionaries (a map, a name and an object per key) and printed through its vsnprintf-based
// writer, it cost 2.7 µs an element to build and as much again to write.
void set_serialized(PdfObject* object, const std::string& syntax) {
  static_cast<PdfVariant&>(*object) = PdfVariant(PoDoFo::PdfData(syntax.data(), syntax.size()));
}

// The logical structure (ISO 32000-1 §14.7): one StructElem per model element, in index order
// (stable object numbers), each listing its child elements and its marked content (MCRs with
// their page); the parent tree maps every page's MCIDs back to their elements; /MarkInfo says the
// document is tagged.
void write_structure(PoDoFo::PdfMemDocument& doc, const page::PageModel& model,
                     const std::vector<PageTags>& tags, const std::vector<PdfReference>& pages) {
  PoDoFo::PdfVecObjects& objects = doc.GetObjects();
  PdfObject* root = objects.CreateObject("StructTreeRoot");
  std::vector<PdfObject*> elements;
  elements.reserve(model.structure.size());
  for (size_t i = 0; i < model.structure.size(); ++i) elements.push_back(objects.CreateObject());
  // Each element's marked content, in page and content order.
  std::vector<std::vector<std::pair<size_t, int>>> content(model.structure.size());
  for (size_t p = 0; p < tags.size(); ++p) {
    for (size_t mcid = 0; mcid < tags[p].mcid_element.size(); ++mcid) {
      content[static_cast<size_t>(tags[p].mcid_element[mcid])].emplace_back(p, mcid);
    }
  }
  std::string d;
  for (size_t i = 0; i < model.structure.size(); ++i) {
    const page::StructElement& e = model.structure[i];
    d.clear();
    d += "<</Type/StructElem/S/";
    d += structure_type(e);
    const bool has_parent = e.parent >= 0 && static_cast<size_t>(e.parent) < elements.size();
    d += "/P ";
    append_reference(
        d, has_parent ? elements[static_cast<size_t>(e.parent)]->Reference() : root->Reference());
    // Content on one page (nearly always): the element names the page and lists bare MCIDs, a
    // third of the bytes of MCR dictionaries (ISO 32000-1 §14.7.4.2).
    const bool one_page =
        !content[i].empty() && std::all_of(content[i].begin(), content[i].end(), [&](auto& c) {
          return c.first == content[i].front().first;
        });
    if (one_page) {
      d += "/Pg ";
      append_reference(d, pages[content[i].front().first]);
    }
    const size_t kids_at = d.size();
    d += "/K[";
    bool any_kid = false;
    for (int c : e.children) {
      if (c >= 0 && static_cast<size_t>(c) < elements.size()) {
        if (any_kid) d += ' ';
        append_reference(d, elements[static_cast<size_t>(c)]->Reference());
        any_kid = true;
      }
    }
    for (auto [p, mcid] : content[i]) {
      if (any_kid) d += ' ';
      any_kid = true;
      if (one_page) {
        d += std::to_string(mcid);
        continue;
      }
      d += "<</Type/MCR/Pg ";
      append_reference(d, pages[p]);
      d += "/MCID " + std::to_string(mcid) + ">>";
    }
    if (any_kid) {
      d += ']';
    } else {
      d.resize(kids_at);
    }
    if (e.role == page::StructRole::kTableCell) {
      d += "/A<</O/Table";
      if (e.rowspan > 1) d += "/RowSpan " + std::to_string(e.rowspan);
      if (e.colspan > 1) d += "/ColSpan " + std::to_string(e.colspan);
      if (e.header) d += e.row == 0 ? "/Scope/Column" : "/Scope/Row";
      d += ">>";
    }
    if (e.role == page::StructRole::kFigure && !e.alt.empty()) {
      d += "/Alt" + text_string_hex(sanitize_utf8(e.alt));
    }
    d += ">>";
    set_serialized(elements[i], d);
  }
  std::string r = "<</Type/StructTreeRoot";
  if (!elements.empty()) {
    r += "/K ";
    append_reference(r, elements.front()->Reference());
  }
  r += "/ParentTree<</Nums[";
  for (size_t p = 0; p < tags.size(); ++p) {
    if (p > 0) r += ' ';
    r += std::to_string(p);
    r += '[';
    for (size_t m = 0; m < tags[p].mcid_element.size(); ++m) {
      if (m > 0) r += ' ';
      append_reference(r, elements[static_cast<size_t>(tags[p].mcid_element[m])]->Reference());
    }
    r += ']';
  }
  r += "]>>/ParentTreeNextKey " + std::to_string(tags.size());
  // The document title is not a standard structure type in PDF 1.7: readers treat it as H1.
  r += "/RoleMap<</Title/H1>>>>";
  set_serialized(root, r);
  PdfDictionary& catalog = doc.GetCatalog()->GetDictionary();
  catalog.AddKey("StructTreeRoot", root->Reference());
  PdfDictionary mark_info;
  mark_info.AddKey("Marked", PdfVariant(true));
  catalog.AddKey("MarkInfo", mark_info);
}

// Joins the pages, in order, to the root of the page tree (ISO 32000-1 §7.7.3.2): its /Kids and
// /Count, and each page's /Parent — what PoDoFo's CreatePage writes for a flat tree, done once.
void attach_pages(PoDoFo::PdfMemDocument& doc, const std::vector<PdfObject*>& pages) {
  PdfObject* root = doc.GetPagesTree()->GetObject();
  PdfArray kids;
  kids.reserve(pages.size());
  for (PdfObject* page : pages) {
    kids.push_back(page->Reference());
    page->GetDictionary().AddKey("Parent", root->Reference());
  }
  root->GetDictionary().AddKey("Kids", kids);
  root->GetDictionary().AddKey("Count", integer(static_cast<long long>(pages.size())));
}

// One bookmark and its place in the tree.
struct OutlineNode {
  const page::Anchor* anchor = nullptr;
  size_t page = 0;
  int level = 0;
  int parent = -1;  // index into the node list; -1: the outline root
  std::vector<int> children;
  PdfObject* object = nullptr;
};

// Outlines from the pages' anchors: a heading nests under the closest earlier heading of a lower
// level (a level 3 right after a level 1 goes under that level 1). All items open.
void write_outlines(PoDoFo::PdfMemDocument& doc, const page::PageModel& model,
                    const std::vector<PdfReference>& pages) {
  std::vector<OutlineNode> nodes;
  std::vector<int> top;
  std::vector<int> stack;
  for (size_t p = 0; p < model.pages.size(); ++p) {
    for (const page::Anchor& anchor : model.pages[p].anchors) {
      OutlineNode node;
      node.anchor = &anchor;
      node.page = p;
      node.level = std::clamp(anchor.level, 1, 4);
      while (!stack.empty() && nodes[static_cast<size_t>(stack.back())].level >= node.level) {
        stack.pop_back();
      }
      node.parent = stack.empty() ? -1 : stack.back();
      const int id = static_cast<int>(nodes.size());
      if (node.parent < 0) {
        top.push_back(id);
      } else {
        nodes[static_cast<size_t>(node.parent)].children.push_back(id);
      }
      nodes.push_back(std::move(node));
      stack.push_back(id);
    }
  }
  if (nodes.empty()) return;

  PoDoFo::PdfVecObjects& objects = doc.GetObjects();
  PdfObject* root = objects.CreateObject("Outlines");
  for (OutlineNode& node : nodes) node.object = objects.CreateObject();
  auto link_siblings = [&](const std::vector<int>& ids, PdfObject* parent) {
    for (size_t i = 0; i < ids.size(); ++i) {
      PdfDictionary& d = nodes[static_cast<size_t>(ids[i])].object->GetDictionary();
      d.AddKey("Parent", parent->Reference());
      if (i > 0) d.AddKey("Prev", nodes[static_cast<size_t>(ids[i - 1])].object->Reference());
      if (i + 1 < ids.size()) {
        d.AddKey("Next", nodes[static_cast<size_t>(ids[i + 1])].object->Reference());
      }
    }
    PdfDictionary& pd = parent->GetDictionary();
    pd.AddKey("First", nodes[static_cast<size_t>(ids.front())].object->Reference());
    pd.AddKey("Last", nodes[static_cast<size_t>(ids.back())].object->Reference());
  };
  // Count: the number of visible descendants (all items are open). Children come after their
  // parent in `nodes`, so a backwards pass sees every subtree complete.
  std::vector<long long> descendants(nodes.size(), 0);
  for (size_t i = nodes.size(); i-- > 0;) {
    for (int c : nodes[i].children) descendants[i] += 1 + descendants[static_cast<size_t>(c)];
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    OutlineNode& node = nodes[i];
    PdfDictionary& d = node.object->GetDictionary();
    d.AddKey("Title", utf8_string(node.anchor->title));
    // The reference kept when the page was made: GetPage walks the page tree (linear in pages).
    PAIBAN_ASSERT(node.page < pages.size(), "every page of the model exists in the PDF");
    const page::Page& model_page = model.pages[node.page];
    PdfArray dest;
    dest.push_back(pages[node.page]);
    dest.push_back(PdfName("XYZ"));
    dest.push_back(PdfVariant::NullValue);  // keep the horizontal position and the zoom
    dest.push_back(PdfObject(page::lu_to_pt(model_page.height - node.anchor->y)));
    dest.push_back(PdfVariant::NullValue);
    d.AddKey("Dest", dest);
    if (!node.children.empty()) {
      link_siblings(node.children, node.object);
      d.AddKey("Count", integer(descendants[i]));
    }
  }
  link_siblings(top, root);
  root->GetDictionary().AddKey("Count", integer(static_cast<long long>(nodes.size())));
  doc.GetCatalog()->GetDictionary().AddKey("Outlines", root->Reference());
  doc.GetCatalog()->GetDictionary().AddKey("PageMode", PdfName("UseOutlines"));
}

void write_metadata(PoDoFo::PdfMemDocument& doc, const page::DocumentInfo& info,
                    const DocumentDates& dates) {
  PoDoFo::PdfInfo* pdf_info = doc.GetInfo();
  if (!info.title.empty()) pdf_info->SetTitle(utf8_string(info.title));
  if (!info.subject.empty()) pdf_info->SetSubject(utf8_string(info.subject));
  if (!info.author.empty()) pdf_info->SetAuthor(utf8_string(info.author));
  if (!info.keywords.empty()) pdf_info->SetKeywords(utf8_string(info.keywords));
  pdf_info->SetCreator(PdfString(kCreator));
  pdf_info->SetProducer(PdfString(kCreator));
  // PoDoFo stamps the current time into a new document's Info: replace it.
  PdfDictionary& info_dict = pdf_info->GetObject()->GetDictionary();
  info_dict.AddKey("CreationDate", PdfString(dates.pdf));
  info_dict.AddKey("ModDate", PdfString(dates.pdf));

  PdfObject* xmp = doc.GetObjects().CreateObject("Metadata");
  xmp->GetDictionary().AddKey("Subtype", PdfName("XML"));
  const std::string packet = build_xmp(info, dates);
  // Uncompressed (ISO 32000-1 §14.3.2 recommends it, PDF/A requires it).
  xmp->GetStream()->Set(packet.data(), static_cast<PoDoFo::pdf_long>(packet.size()),
                        PoDoFo::TVecFilters());

  PdfDictionary& catalog = doc.GetCatalog()->GetDictionary();
  catalog.AddKey("Metadata", xmp->Reference());
  // Set directly: PdfDocument::SetLanguage leaks the object it allocates.
  if (!info.language.empty()) catalog.AddKey("Lang", PdfString(sanitize_utf8(info.language)));
  PdfDictionary viewer;
  viewer.AddKey("DisplayDocTitle", PdfVariant(true));
  catalog.AddKey("ViewerPreferences", viewer);
}

// PoDoFo derives /ID from the Info dictionary alone, so two documents with the same title and
// date would share it. Replace both halves, in place and at the same length (the trailer follows
// the cross-reference table, so no offset moves), with a 128-bit hash of the file's bytes taken
// with the old identifier blanked out. Leaves the bytes alone if the trailer looks unexpected.
void set_content_identifier(std::string& pdf) {
  const size_t trailer = pdf.rfind("trailer");
  if (trailer == std::string::npos) return;
  const size_t id = pdf.find("/ID", trailer);
  if (id == std::string::npos) return;
  std::vector<std::pair<size_t, size_t>> hex;  // [begin, end) of each string's digits
  size_t pos = id;
  for (int i = 0; i < 2; ++i) {
    const size_t open = pdf.find('<', pos);
    const size_t close = open == std::string::npos ? open : pdf.find('>', open);
    if (close == std::string::npos || close - open - 1 != 32) return;
    hex.emplace_back(open + 1, close);
    pos = close + 1;
  }
  for (auto [b, e] : hex) pdf.replace(b, e - b, e - b, '0');
  // The first half of the digest names the document, the second this version of it.
  const std::array<unsigned char, 32> digest = sha256(pdf);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string digits;
  for (unsigned char byte : digest) {
    digits += kHex[byte >> 4];
    digits += kHex[byte & 0xF];
  }
  size_t half = 0;
  for (auto [b, e] : hex) pdf.replace(b, e - b, digits.substr(32 * half++, 32));
}

std::string write_document(const page::PageModel& model, const PdfOptions& options,
                           fonts::FontSource& font_source, std::vector<Diagnostic>& diagnostics) {
  if (!check_model(model, diagnostics)) return "";
  const DocumentDates dates =
      resolve_dates(model.info.date, options.source_date_epoch, diagnostics);

  // Fonts first: a missing font file is the likely failure, before any PDF work is done.
  const std::vector<FontGlyphs> glyphs = collect_font_glyphs(model);
  std::vector<const fonts::Face*> faces(model.fonts.size(), nullptr);
  for (size_t f = 0; f < model.fonts.size(); ++f) {
    if (glyphs[f].gids.empty()) continue;
    const page::FontResource& resource = model.fonts[f];
    try {
      faces[f] = font_source.load(resource.path, resource.index);
    } catch (const std::exception& e) {
      add_diagnostic(diagnostics, Severity::kError,
                     "PDF: cannot embed font " + std::to_string(f) + ": " + e.what(),
                     "check that the font file exists and is readable");
      return "";
    }
    const uint32_t last = *glyphs[f].gids.rbegin();
    if (faces[f] == nullptr || last >= faces[f]->glyph_count()) {
      add_diagnostic(diagnostics, Severity::kError,
                     "PDF: font " + std::to_string(f) + " (" + resource.path + ":" +
                         std::to_string(resource.index) + ") has no glyph " + std::to_string(last));
      return "";
    }
  }

  // PoDoFo's document stamps "now" into its info dictionary with localtime(), whose result lives
  // in one buffer of the process: documents are created one at a time, so that renders on a
  // shared engine do not race there (tools/tsan.sh). The date is replaced by write_metadata.
  std::unique_lock<std::mutex> creating(podofo_clock_mutex());
  PoDoFo::PdfMemDocument doc;
  creating.unlock();
  // 1.5 for /ActualText; 1.7 is what every current reader expects.
  doc.SetPdfVersion(PoDoFo::ePdfVersion_1_7);

  // The fonts' subsets and compressed streams at once, the most glyphs first (the longest
  // task starts first); then their objects, one font after another, in the model's order.
  std::vector<size_t> font_order;
  for (size_t f = 0; f < model.fonts.size(); ++f) {
    if (faces[f] != nullptr) font_order.push_back(f);
  }
  std::stable_sort(font_order.begin(), font_order.end(), [&](size_t a, size_t b) {
    return glyphs[a].gids.size() > glyphs[b].gids.size();
  });
  std::vector<PreparedFont> prepared(model.fonts.size());
  parallel_for(font_order.size(), options.threads, [&](size_t i) {
    const size_t f = font_order[i];
    prepared[f] = prepare_font(*faces[f], glyphs[f], f);
  });
  // The bytes of the streams made here, most of the file: what the output reserves.
  size_t stream_bytes = 0;
  for (const PreparedFont& font : prepared) {
    if (font.subset) stream_bytes += font.program().size() + font.to_unicode.size();
  }
  std::vector<std::optional<EmbeddedFont>> embedded(model.fonts.size());
  std::vector<const ContentFont*> content_fonts(model.fonts.size(), nullptr);
  for (size_t f = 0; f < model.fonts.size(); ++f) {
    if (faces[f] == nullptr) continue;
    embedded[f] = embed_font(doc.GetObjects(), *faces[f], glyphs[f], std::move(prepared[f]));
    content_fonts[f] = &embedded[f]->content;
  }

  // Images: each placed one once, in the order of the resource table (stable object numbers).
  std::vector<bool> placed(model.images.size(), false);
  for (const page::Page& page : model.pages) {
    for (const page::PlacedImage& image : page.images)
      placed[static_cast<size_t>(image.image)] = true;
  }
  ContentResources resources;
  resources.colors = model.colors;
  resources.image_names.resize(model.images.size());
  std::vector<PdfReference> image_refs(model.images.size());
  for (size_t i = 0; i < model.images.size(); ++i) {
    if (!placed[i]) continue;
    resources.image_names[i] = "Im" + std::to_string(i);
    image_refs[i] = embed_image(doc.GetObjects(), model.images[i]);
  }
  // Spot colours: one /Separation per ink name, the first colour seen giving its alternate.
  std::map<std::string, PdfReference> separations;
  for (const page::Page& page : model.pages) {
    for (const std::string& name : page_spot_names(model, page)) {
      if (separations.count(name) != 0) continue;
      const page::Color* first = nullptr;
      for (const page::GlyphRun& run : page.runs) {
        if (first != nullptr || run.color < 0 ||
            static_cast<size_t>(run.color) >= model.colors.size()) {
          continue;
        }
        const page::Color& color = model.colors[static_cast<size_t>(run.color)];
        if (color.spot_name == name) first = &color;
      }
      for (const page::Path& path : page.paths) {
        if (first == nullptr && path.fill && path.fill_color.spot_name == name) {
          first = &path.fill_color;
        }
        if (first == nullptr && path.stroke && path.stroke_color.spot_name == name) {
          first = &path.stroke_color;
        }
      }
      separations[name] = embed_separation(doc.GetObjects(), *first);
      resources.spot_names[name] = "CS" + std::to_string(separations.size() - 1);
    }
  }

  // Tagged when layout gave a structure tree.
  const bool tagged = options.tagged && !model.structure.empty();
  std::vector<PageTags> tags(tagged ? model.pages.size() : 0);
  for (PageTags& page_tags : tags) page_tags.structure = &model.structure;
  // Every page's content stream, built and compressed at once: each reads the fonts and
  // resources and writes only its own stream and tags.
  std::vector<std::string> contents(model.pages.size());
  parallel_for(model.pages.size(), options.threads, [&](size_t p) {
    contents[p] = flate(
        build_page_content(model.pages[p], content_fonts, resources, tagged ? &tags[p] : nullptr));
  });
  for (const std::string& content : contents) stream_bytes += content.size();
  std::vector<PdfReference> page_refs;
  std::vector<PdfObject*> page_objects;
  page_refs.reserve(model.pages.size());
  page_objects.reserve(model.pages.size());

  // Pages are made outside PoDoFo's page tree and joined to it once at the end: its CreatePage
  // finds the previous page by walking the tree and copies the whole /Kids array, both linear
  // in pages, so a long document took quadratic time. The tree stays flat, as CreatePage left
  // it: the root's /Kids lists every page in order. Each page has its own MediaBox: sizes and
  // orientations may mix.
  for (const page::Page& page : model.pages) {
    const auto owned_page = std::make_unique<PoDoFo::PdfPage>(
        PoDoFo::PdfRect(0, 0, page::lu_to_pt(page.width), page::lu_to_pt(page.height)),
        &doc.GetObjects());
    PoDoFo::PdfPage* pdf_page = owned_page.get();
    std::set<int> used;
    for (const page::GlyphRun& run : page.runs) {
      if (content_fonts[static_cast<size_t>(run.font)] != nullptr) used.insert(run.font);
    }
    for (int f : used) {
      const EmbeddedFont& font = *embedded[static_cast<size_t>(f)];
      pdf_page->AddResource(PdfName(font.content.resource_name), font.type0, PdfName("Font"));
    }
    std::set<int> images;
    for (const page::PlacedImage& image : page.images) images.insert(image.image);
    for (int i : images) {
      pdf_page->AddResource(PdfName(resources.image_names[static_cast<size_t>(i)]),
                            image_refs[static_cast<size_t>(i)], PdfName("XObject"));
    }
    for (const std::string& name : page_spot_names(model, page)) {
      pdf_page->AddResource(PdfName(resources.spot_names[name]), separations[name],
                            PdfName("ColorSpace"));
    }
    if (tagged) {
      pdf_page->GetObject()->GetDictionary().AddKey(
          "StructParents", integer(static_cast<long long>(page_refs.size())));
    }
    set_flate_stream(pdf_page->GetContentsForAppending(), contents[page_refs.size()]);
    page_refs.push_back(pdf_page->GetObject()->Reference());
    page_objects.push_back(pdf_page->GetObject());
  }
  attach_pages(doc, page_objects);

  if (tagged) write_structure(doc, model, tags, page_refs);
  write_links(doc, model, page_objects);
  write_outlines(doc, model, page_refs);
  write_metadata(doc, model.info, dates);

  std::string pdf;
  pdf.reserve(stream_bytes + stream_bytes / 8 + 64 * 1024);
  StringDevice device(pdf);
  doc.Write(&device);
  set_content_identifier(pdf);
  return pdf;
}

}  // namespace

std::string write_pdf(const page::PageModel& model, const PdfOptions& options,
                      fonts::FontSource& font_source, std::vector<Diagnostic>& diagnostics) {
  init_podofo();
  try {
    return write_document(model, options, font_source, diagnostics);
  } catch (const PoDoFo::PdfError& e) {
    // PdfError is not a std::exception (recipe trap 2).
    std::string message = std::string("PDF: PoDoFo failed: ") + e.what();
    const char* detail = PoDoFo::PdfError::ErrorMessage(e.GetError());
    if (detail != nullptr && *detail != '\0') message += std::string(" (") + detail + ")";
    for (const PoDoFo::PdfErrorInfo& info : e.GetCallstack()) {
      if (!info.GetInformation().empty()) {
        message += ": " + info.GetInformation();
        break;
      }
    }
    add_diagnostic(diagnostics, Severity::kError, std::move(message));
  } catch (const std::exception& e) {
    add_diagnostic(diagnostics, Severity::kError, std::string("PDF: ") + e.what());
  }
  return "";
}

}  // namespace paiban::pdf
