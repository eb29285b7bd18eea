#include "page/page_model.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace paiban::page {

namespace {

// Decoded images by their bytes, shared by the page models of a process: decoding depends on the
// bytes alone, and a batch of 公文 places the same seal in every document (decoding an 800 × 800
// PNG was a fifth of such a render). Bounded: past kMaxBytes of bytes and pixels the oldest
// entries are dropped, so a long batch of distinct images holds no more than that.
class DecodedImages {
 public:
  std::shared_ptr<const ImageResource> find(std::string_view bytes) {
    std::lock_guard lock(mutex_);
    auto it = images_.find(bytes);
    return it != images_.end() ? it->second : nullptr;
  }
  void add(std::shared_ptr<const ImageResource> image) {
    const size_t cost = image->source.size() + image->pixels.size() + image->alpha.size();
    if (cost > kMaxBytes / 4) return;  // one image never takes most of the room
    std::lock_guard lock(mutex_);
    if (!images_.emplace(image->source, image).second) return;
    order_.push_back(image);
    bytes_ += cost;
    while (bytes_ > kMaxBytes && !order_.empty()) {
      const ImageResource& old = *order_.front();
      bytes_ -= old.source.size() + old.pixels.size() + old.alpha.size();
      images_.erase(old.source);
      order_.pop_front();
    }
  }

 private:
  static constexpr size_t kMaxBytes = size_t{48} << 20;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const ImageResource>, std::less<>> images_;
  std::deque<std::shared_ptr<const ImageResource>> order_;  // oldest first
  size_t bytes_ = 0;
};

DecodedImages& decoded_images() {
  static DecodedImages* images = new DecodedImages;  // never destroyed: no exit-order hazard
  return *images;
}

}  // namespace

std::variant<ImageResource, std::string> decode_image(std::string_view bytes) {
  static constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);
  if (bytes.substr(0, kPngSignature.size()) == kPngSignature) return decode_png(bytes);
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8 &&
      static_cast<unsigned char>(bytes[2]) == 0xFF) {
    return decode_jpeg(bytes);
  }
  return std::string("not a PNG or JPEG image (unknown signature)");
}

Path line_path(LU x1, LU y1, LU x2, LU y2, LU width, const Color& color, LineCap cap) {
  Path p;
  p.move_to(x1, y1).line_to(x2, y2);
  p.stroke = true;
  p.stroke_width = width;
  p.stroke_color = color;
  p.cap = cap;
  return p;
}

Path rect_path(LU x, LU y, LU w, LU h) {
  Path p;
  p.move_to(x, y).line_to(x + w, y).line_to(x + w, y + h).line_to(x, y + h).close();
  return p;
}

std::array<Path, 2> double_rule(LU x1, LU y1, LU x2, LU y2, LU width, LU gap, const Color& color) {
  // The strokes' centre lines are (gap + width) apart, split on both sides of the given line.
  const LU pitch = gap + width;
  const LU before = pitch / 2;
  const LU after = pitch - before;
  if (x1 == x2 && y1 != y2) {
    return {line_path(x1 - before, y1, x2 - before, y2, width, color),
            line_path(x1 + after, y1, x2 + after, y2, width, color)};
  }
  return {line_path(x1, y1 - before, x2, y2 - before, width, color),
          line_path(x1, y1 + after, x2, y2 + after, width, color)};
}

int PageModel::add_image(std::string_view bytes, std::string* error) {
  for (size_t i = 0; i < images.size(); ++i) {
    if (images[i].source == bytes) return static_cast<int>(i);
  }
  if (std::shared_ptr<const ImageResource> known = decoded_images().find(bytes)) {
    images.push_back(*known);
    return static_cast<int>(images.size()) - 1;
  }
  auto decoded = decode_image(bytes);
  if (auto* message = std::get_if<std::string>(&decoded)) {
    if (error != nullptr) *error = std::move(*message);
    return -1;
  }
  auto image = std::make_shared<const ImageResource>(std::move(std::get<ImageResource>(decoded)));
  decoded_images().add(image);
  images.push_back(*image);
  return static_cast<int>(images.size()) - 1;
}

int PageModel::add_color(const Color& color) {
  for (size_t i = 0; i < colors.size(); ++i) {
    if (colors[i] == color) return static_cast<int>(i);
  }
  colors.push_back(color);
  return static_cast<int>(colors.size()) - 1;
}

int PageModel::add_structure(StructRole role, int parent) {
  if (structure.empty()) {
    StructElement root;
    root.role = StructRole::kDocument;
    structure.push_back(root);
    if (role == StructRole::kDocument) return 0;
  }
  if (parent < 0 || static_cast<size_t>(parent) >= structure.size()) parent = 0;
  StructElement e;
  e.role = role;
  e.parent = parent;
  const int index = static_cast<int>(structure.size());
  structure.push_back(std::move(e));
  structure[static_cast<size_t>(parent)].children.push_back(index);
  return index;
}

}  // namespace paiban::page
