// subset: the glyphs a document uses, as a font program to embed in a PDF.
// The recipe (tables dropped, flags, CID codes) is docs/pdf-fonts-recipe.md in the shared docs.
#include <hb-subset.h>

#include <algorithm>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "cff_subset.h"
#include "subset.h"

namespace paiban::fonts {

namespace {

template <typename T, void (*destroy)(T*)>
struct Deleter {
  void operator()(T* p) const { destroy(p); }
};
using InputPtr =
    std::unique_ptr<hb_subset_input_t, Deleter<hb_subset_input_t, hb_subset_input_destroy>>;
using PlanPtr =
    std::unique_ptr<hb_subset_plan_t, Deleter<hb_subset_plan_t, hb_subset_plan_destroy>>;
using FacePtr = std::unique_ptr<hb_face_t, Deleter<hb_face_t, hb_face_destroy>>;
using BlobPtr = std::unique_ptr<hb_blob_t, Deleter<hb_blob_t, hb_blob_destroy>>;

// A PDF reads only outlines and metrics. Layout tables would make hb-subset keep the closure of
// every substitution (67 → 108 glyphs for a page of Noto), and vertical metrics serve only
// vertical writing, which paiban does not do.
constexpr hb_tag_t kDroppedTables[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
    HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
    HB_TAG('D', 'S', 'I', 'G'), HB_TAG('k', 'e', 'r', 'n'),
};
constexpr hb_tag_t kCffTag = HB_TAG('C', 'F', 'F', ' ');
// A face's subsets whose kept charstrings are read from its file (Face::FileReader).
constexpr unsigned kSubsetsReadFromTheFile = 2;

std::runtime_error subset_error(const Face& face, const std::string& why) {
  return std::runtime_error("cannot subset " + face.path() + ":" + std::to_string(face.index()) +
                            ": " + why);
}

std::string blob_bytes(hb_blob_t* blob) {
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob, &length);
  return data != nullptr ? std::string(data, length) : std::string();
}

}  // namespace

SubsetFont subset(const Face& face, const std::set<uint32_t>& gids) {
  for (uint32_t gid : gids) {
    if (gid >= face.glyph_count()) {
      throw subset_error(face, "glyph " + std::to_string(gid) + " is not in the face");
    }
  }
  if (face.is_cff()) {
    // A CID-keyed program without subroutines is subset by copying charstrings (cff_subset.h);
    // the others go through hb-subset below.
    BlobPtr table(hb_face_reference_table(face.hb_face(), kCffTag));
    unsigned length = 0;
    const char* data = hb_blob_get_data(table.get(), &length);
    // The kept charstrings are read from the file rather than copied from the mapping when the
    // file is still the one mapped, for the face's first subsets (a render's, and the warm-up's
    // before it): each lies on a page of its own (face.h, FileReader). The file is opened at
    // the first read, once the program is known to be one the copy serves.
    std::optional<Face::FileReader> file;
    const std::optional<uint64_t> table_at = face.file_offset(data);
    CffTableReader read;
    if (table_at) {
      read = [&face, &file, at = *table_at](size_t offset, size_t size, char* out) {
        if (!file) file.emplace(face, kSubsetsReadFromTheFile);
        return file->read(at + offset, size, out);
      };
    }
    std::optional<CffSubset> copied = subset_cid_cff_without_subrs(
        std::string_view(data != nullptr ? data : "", length), gids, read);
    if (copied) {
      SubsetFont out;
      out.cff = true;
      out.program = std::move(copied->program);
      out.code_for_gid.emplace(0, copied->cids[0]);
      size_t new_gid = 1;
      for (uint32_t gid : gids) {
        if (gid != 0) out.code_for_gid.emplace(gid, copied->cids[new_gid++]);
      }
      return out;
    }
  }
  InputPtr input(hb_subset_input_create_or_fail());
  if (!input) throw subset_error(face, "out of memory");
  hb_set_t* glyphs = hb_subset_input_glyph_set(input.get());
  hb_set_add(glyphs, 0);  // .notdef must stay glyph 0 of every font program
  for (uint32_t gid : gids) hb_set_add(glyphs, gid);
  hb_set_t* dropped = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (hb_tag_t tag : kDroppedTables) hb_set_add(dropped, tag);
  // Default flags renumber glyphs densely (RETAIN_GIDS made a 269 KB CFF instead of 15.5 KB);
  // desubroutinizing drops the subroutines the few kept glyphs no longer share (15.5 → 13.5 KB).
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_DESUBROUTINIZE);

  // CFF programs are subset from the face's kept view without 'cmap' (Face::cff_subset_source):
  // a PDF addresses glyphs by code and reads text from ToUnicode, so a CFF program needs no cmap.
  // TrueType ones (FontFile2 is a whole sfnt) keep theirs.
  hb_face_t* source = face.is_cff() ? face.cff_subset_source() : face.hb_face();
  PlanPtr plan(hb_subset_plan_create_or_fail(source, input.get()));
  if (!plan) throw subset_error(face, "hb-subset cannot plan the subset");
  const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
  FacePtr result(hb_subset_plan_execute_or_fail(plan.get()));
  if (!result) throw subset_error(face, "hb-subset failed");
  BlobPtr sfnt(hb_face_reference_blob(result.get()));

  SubsetFont out;
  out.cff = face.is_cff();
  std::vector<uint16_t> cids;  // by new glyph id; empty unless the program is CID-keyed
  if (out.cff) {
    BlobPtr table(hb_face_reference_table(result.get(), kCffTag));
    out.program = blob_bytes(table.get());
    if (out.program.empty()) throw subset_error(face, "the subset has no CFF table");
    // Content streams address a CIDFontType0 by CID, not by glyph index: the subset CFF keeps the
    // original CIDs in its charset, read back here.
    std::optional<std::vector<uint16_t>> read = cff_glyph_cids(out.program);
    if (!read) throw subset_error(face, "the subset's CFF charset cannot be read");
    cids = std::move(*read);
  } else {
    out.program = blob_bytes(sfnt.get());
    if (out.program.empty()) throw subset_error(face, "the subset is empty");
  }

  std::set<uint32_t> all(gids);
  all.insert(0);
  for (uint32_t gid : all) {
    uint32_t new_gid = hb_map_get(old_to_new, gid);
    if (new_gid == HB_MAP_VALUE_INVALID) {
      throw subset_error(face, "glyph " + std::to_string(gid) + " was dropped");
    }
    uint32_t code = new_gid;
    if (!cids.empty()) {
      if (new_gid >= cids.size()) {
        throw subset_error(face, "no CID for glyph " + std::to_string(gid));
      }
      code = cids[new_gid];
    }
    // A name-keyed CFF in a CIDFontType0 is addressed by glyph index (PDF 32000 §9.7.4.2), like
    // TrueType with /CIDToGIDMap /Identity: the new gid is the code.
    if (code > 0xFFFF) throw subset_error(face, "code beyond 0xFFFF");
    out.code_for_gid.emplace(gid, static_cast<uint16_t>(code));
  }
  return out;
}

namespace {

// The subsets cached_subset() keeps: a list, most recently used first, scanned in full (a render
// asks for a handful of fonts; the list holds a few dozen subsets at most).
class SubsetCache {
 public:
  std::shared_ptr<const SubsetFont> find(uint64_t face, const std::set<uint32_t>& gids) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->face != face ||
          !std::equal(gids.begin(), gids.end(), it->gids.begin(), it->gids.end())) {
        continue;
      }
      entries_.splice(entries_.begin(), entries_, it);
      return it->font;
    }
    return nullptr;
  }

  void add(uint64_t face, const std::set<uint32_t>& gids, std::shared_ptr<const SubsetFont> font) {
    const size_t bytes = font->program.size() + gids.size() * sizeof(uint32_t) * 8;
    if (bytes > kMaxBytes) return;
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_front(
        Entry{face, std::vector<uint32_t>(gids.begin(), gids.end()), std::move(font), bytes});
    bytes_ += bytes;
    while (bytes_ > kMaxBytes) {
      bytes_ -= entries_.back().bytes;
      entries_.pop_back();
    }
  }

 private:
  static constexpr size_t kMaxBytes = size_t{16} << 20;
  struct Entry {
    uint64_t face;  // Face::serial
    std::vector<uint32_t> gids;
    std::shared_ptr<const SubsetFont> font;
    size_t bytes;  // the program and, roughly, the glyph list and code map
  };
  std::mutex mutex_;
  std::list<Entry> entries_;
  size_t bytes_ = 0;
};

SubsetCache& subset_cache() {
  static SubsetCache* cache = new SubsetCache;  // never destroyed: renders may outlive statics
  return *cache;
}

}  // namespace

std::shared_ptr<const SubsetFont> cached_subset(const Face& face, const std::set<uint32_t>& gids) {
  SubsetCache& cache = subset_cache();
  if (std::shared_ptr<const SubsetFont> found = cache.find(face.serial(), gids)) return found;
  // Two threads asking for the same new subset both make it; the second one added is kept too,
  // and ages out unused.
  auto made = std::make_shared<const SubsetFont>(subset(face, gids));
  cache.add(face.serial(), gids, made);
  return made;
}

void warm_up_subset(const Face& face) noexcept {
  try {
    if (face.glyph_count() > 1) subset(face, {1});
  } catch (const std::exception&) {
    // The real subset reports what is wrong with the face.
  }
}

}  // namespace paiban::fonts
