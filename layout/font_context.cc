#include "layout/font_context.h"

namespace paiban::layout {

std::vector<std::string> role_families(const styles::Style& style, FontRole role) {
  if (role == FontRole::kInherit) role = FontRole::kFang;
  std::vector<std::string> families;
  auto f = style.fonts.find(role);
  if (f != style.fonts.end()) families = f->second.families;
  // Every chain ends in the free fonts that tools/setup.sh installs: the Fandol face of the
  // role's design (a FangSong for fang, never a Song before it), then Noto CJK, then UKai.
  const char* design = role == FontRole::kKai   ? "FandolKai"
                       : role == FontRole::kHei ? "FandolHei"
                       : role == FontRole::kFang ? "FandolFang"
                                                 : "FandolSong";
  for (const char* fallback : {design, "Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"}) {
    families.emplace_back(fallback);
  }
  return families;
}

const ResolvedChain& FontContext::chain(FontRole role, bool bold) {
  if (role == FontRole::kInherit) role = FontRole::kFang;
  auto key = std::make_pair(role, bold);
  auto it = chains_.find(key);
  if (it != chains_.end()) return it->second;
  const std::vector<std::string> families = role_families(style_, role);
  std::vector<std::string> latin;
  bool heavy = false;
  auto f = style_.fonts.find(role);
  if (f != style_.fonts.end()) {
    latin = f->second.latin;
    heavy = f->second.heavy;
  }
  ResolvedChain resolved;
  resolved.chain = fonts_.resolve(families, bold);
  if (!latin.empty()) resolved.latin = fonts_.resolve(latin, bold);
  // A face that serves bold and regular alike has no bold design: embolden it, unless the
  // role's designs are heavy (a real 小标宋 is never fake-bolded).
  if (bold && !heavy) {
    for (const fonts::FaceChain& regular :
         {fonts_.resolve(families, false), fonts_.resolve(latin, false)}) {
      for (const fonts::Face* face : regular.faces) resolved.synthetic_bold.insert(face);
    }
  }
  return chains_.emplace(key, std::move(resolved)).first->second;
}

const fonts::Face* FontContext::add_fallback(FontRole role, bool bold, char32_t cp) {
  if (role == FontRole::kInherit) role = FontRole::kFang;
  ResolvedChain& resolved = const_cast<ResolvedChain&>(chain(role, bold));
  const fonts::Face* face = fonts_.find_for_char(cp, bold);
  if (face == nullptr) return nullptr;
  for (const fonts::Face* f : resolved.chain.faces) {
    if (f == face) return face;
  }
  resolved.chain.faces.push_back(face);
  if (bold && fonts_.find_for_char(cp, false) == face) {
    auto f = style_.fonts.find(role);
    if (f == style_.fonts.end() || !f->second.heavy) resolved.synthetic_bold.insert(face);
  }
  return face;
}

std::vector<RoleFace> FontContext::used_roles() {
  std::vector<RoleFace> out;
  for (const auto& [key, resolved] : chains_) {
    if (!out.empty() && out.back().role == key.first) continue;
    RoleFace r;
    r.role = key.first;
    auto f = style_.fonts.find(key.first);
    if (f != style_.fonts.end() && !f->second.families.empty()) r.office = f->second.families[0];
    const fonts::FaceChain regular = fonts_.resolve(role_families(style_, key.first), false);
    if (!regular.faces.empty()) r.face = regular.faces.front();
    const fonts::Face* office = r.office.empty() ? nullptr : fonts_.find(r.office, false);
    r.stand_in = r.face != nullptr && r.face != office;
    out.push_back(std::move(r));
  }
  return out;
}

int FontContext::resource_index(const fonts::Face* face) {
  auto it = indices_.find(face);
  if (it != indices_.end()) return it->second;
  int index = static_cast<int>(resources_.size());
  resources_.push_back(FontResource{face->path(), face->index()});
  faces_.push_back(face);
  indices_.emplace(face, index);
  return index;
}

const fonts::Face* FontContext::face_at(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= faces_.size()) return nullptr;
  return faces_[static_cast<size_t>(index)];
}

}  // namespace paiban::layout
