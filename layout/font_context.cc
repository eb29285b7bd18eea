#include "layout/font_context.h"

namespace paiban::layout {

const ResolvedChain& FontContext::chain(FontRole role, bool bold) {
  if (role == FontRole::kInherit) role = FontRole::kFang;
  auto key = std::make_pair(role, bold);
  auto it = chains_.find(key);
  if (it != chains_.end()) return it->second;
  std::vector<std::string> families;
  auto f = style_.fonts.find(role);
  if (f != style_.fonts.end()) families = f->second.families;
  // Every chain ends in the free fonts that the setup installs, so text is never lost to a
  // style that names only office fonts.
  for (const char* fallback : {"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"}) {
    families.emplace_back(fallback);
  }
  ResolvedChain resolved;
  resolved.chain = fonts_.resolve(families, bold);
  if (bold) {
    fonts::FaceChain regular = fonts_.resolve(families, false);
    resolved.synthetic_bold = !resolved.chain.faces.empty() && !regular.faces.empty() &&
                              resolved.chain.faces.front() == regular.faces.front();
  }
  return chains_.emplace(key, std::move(resolved)).first->second;
}

int FontContext::resource_index(const fonts::Face* face) {
  auto it = indices_.find(face);
  if (it != indices_.end()) return it->second;
  int index = static_cast<int>(resources_.size());
  resources_.push_back(FontResource{face->path(), face->index()});
  indices_.emplace(face, index);
  return index;
}

}  // namespace paiban::layout
