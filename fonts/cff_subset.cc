// cff_subset: see cff_subset.h. The structures are those of Adobe Technical Note #5176 ("The
// Compact Font Format Specification"): INDEX (§5), DICT (§4), charsets (§13), FDSelect (§19).
#include "cff_subset.h"

#include <algorithm>
#include <cstddef>

namespace paiban::fonts {

namespace {

// DICT operators (TN 5176 Tables 9 and 23); two-byte operators are 1200 + their second byte.
constexpr int kUniqueId = 13;
constexpr int kXuid = 14;
constexpr int kCharset = 15;
constexpr int kEncoding = 16;
constexpr int kCharStrings = 17;
constexpr int kPrivate = 18;
constexpr int kSubrs = 19;
constexpr int kCharstringType = 1206;
constexpr int kSyntheticBase = 1220;
constexpr int kRos = 1230;
constexpr int kUidBase = 1235;
constexpr int kFdArray = 1236;
constexpr int kFdSelect = 1237;

// A malformed or unsupported program: the caller falls back to hb-subset.
struct Unsupported {};

// Big-endian reads that throw Unsupported rather than read outside the table.
class Bytes {
 public:
  explicit Bytes(std::string_view data) : data_(data) {}
  size_t size() const { return data_.size(); }
  void need(size_t offset, size_t count) const {
    if (offset > data_.size() || count > data_.size() - offset) throw Unsupported{};
  }
  uint32_t u8(size_t offset) const {
    need(offset, 1);
    return static_cast<unsigned char>(data_[offset]);
  }
  uint32_t u16(size_t offset) const { return (u8(offset) << 8) | u8(offset + 1); }
  uint32_t offset(size_t at, unsigned size) const {
    uint32_t value = 0;
    for (unsigned i = 0; i < size; ++i) value = (value << 8) | u8(at + i);
    return value;
  }
  std::string_view range(size_t offset, size_t count) const {
    need(offset, count);
    return data_.substr(offset, count);
  }

 private:
  std::string_view data_;
};

// An INDEX: its entries as ranges of the table, and the bytes it spans.
struct Index {
  size_t begin = 0;
  size_t end = 0;
  std::vector<uint32_t> offsets;  // count + 1 of them, relative to data_base, ascending
  size_t data_base = 0;           // offsets are 1-based: entry i starts at data_base + offsets[i]
  size_t count() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::string_view entry(const Bytes& bytes, size_t i) const {
    return bytes.range(data_base + offsets[i], offsets[i + 1] - offsets[i]);
  }
};

Index read_index(const Bytes& bytes, size_t at) {
  Index index;
  index.begin = at;
  const uint32_t count = bytes.u16(at);
  if (count == 0) {
    index.end = at + 2;
    return index;
  }
  const unsigned off_size = bytes.u8(at + 2);
  if (off_size < 1 || off_size > 4) throw Unsupported{};
  const size_t offsets_at = at + 3;
  bytes.need(offsets_at, (size_t{count} + 1) * off_size);
  index.offsets.resize(size_t{count} + 1);
  for (size_t i = 0; i <= count; ++i) {
    index.offsets[i] = bytes.offset(offsets_at + i * off_size, off_size);
    if (i == 0 ? index.offsets[i] != 1 : index.offsets[i] < index.offsets[i - 1]) {
      throw Unsupported{};
    }
  }
  index.data_base = offsets_at + (size_t{count} + 1) * off_size - 1;
  index.end = index.data_base + index.offsets[count];
  bytes.need(index.begin, index.end - index.begin);
  return index;
}

// One DICT entry: its operator, its integer operands (a real operand reads as nothing), and its
// bytes, operands included, for copying.
struct DictEntry {
  int op = 0;
  std::vector<int64_t> ints;
  size_t real_operands = 0;
  std::string_view bytes;
};

std::vector<DictEntry> read_dict(std::string_view dict) {
  std::vector<DictEntry> entries;
  const Bytes bytes(dict);
  size_t i = 0;
  size_t entry_begin = 0;
  DictEntry entry;
  while (i < dict.size()) {
    const uint32_t b0 = bytes.u8(i);
    if (b0 <= 21) {
      entry.op = static_cast<int>(b0);
      if (b0 == 12) {
        entry.op = 1200 + static_cast<int>(bytes.u8(i + 1));
        ++i;
      }
      ++i;
      entry.bytes = dict.substr(entry_begin, i - entry_begin);
      entries.push_back(std::move(entry));
      entry = DictEntry{};
      entry_begin = i;
    } else if (b0 == 28) {
      entry.ints.push_back(static_cast<int16_t>(bytes.u16(i + 1)));
      i += 3;
    } else if (b0 == 29) {
      entry.ints.push_back(static_cast<int32_t>(bytes.offset(i + 1, 4)));
      i += 5;
    } else if (b0 == 30) {  // a real: nibbles up to an 0xf nibble
      ++i;
      for (;;) {
        const uint32_t b = bytes.u8(i++);
        if ((b & 0x0f) == 0x0f || (b >> 4) == 0x0f) break;
      }
      ++entry.real_operands;
    } else if (b0 >= 32 && b0 <= 246) {
      entry.ints.push_back(static_cast<int64_t>(b0) - 139);
      i += 1;
    } else if (b0 >= 247 && b0 <= 250) {
      entry.ints.push_back((static_cast<int64_t>(b0) - 247) * 256 + bytes.u8(i + 1) + 108);
      i += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      entry.ints.push_back(-(static_cast<int64_t>(b0) - 251) * 256 - bytes.u8(i + 1) - 108);
      i += 2;
    } else {
      throw Unsupported{};  // reserved
    }
  }
  if (i != entry_begin) throw Unsupported{};  // operands without an operator
  return entries;
}

const DictEntry* find(const std::vector<DictEntry>& dict, int op) {
  for (const DictEntry& entry : dict) {
    if (entry.op == op) return &entry;
  }
  return nullptr;
}

// The entry's n-th integer operand, which must lie in [0, limit].
size_t operand(const DictEntry& entry, size_t n, size_t count, size_t limit) {
  if (entry.ints.size() != count || entry.real_operands != 0) throw Unsupported{};
  const int64_t value = entry.ints[n];
  if (value < 0 || static_cast<uint64_t>(value) > limit) throw Unsupported{};
  return static_cast<size_t>(value);
}

// The CID of every glyph (.notdef's is 0) from the charset at `charset_at` (TN 5176 §13: formats
// 0, 1 and 2).
std::vector<uint16_t> read_cid_charset(const Bytes& bytes, size_t charset_at, size_t glyph_count) {
  if (charset_at <= 2) throw Unsupported{};  // the predefined charsets are name-keyed
  std::vector<uint16_t> cid_of(glyph_count, 0);
  const uint32_t charset_format = bytes.u8(charset_at);
  if (charset_format == 0) {
    for (size_t gid = 1; gid < glyph_count; ++gid) {
      cid_of[gid] = static_cast<uint16_t>(bytes.u16(charset_at + 1 + 2 * (gid - 1)));
    }
  } else if (charset_format == 1 || charset_format == 2) {
    const size_t range_size = charset_format == 1 ? 3 : 4;
    size_t at = charset_at + 1;
    for (size_t gid = 1; gid < glyph_count; at += range_size) {
      const uint32_t first = bytes.u16(at);
      const uint32_t left = charset_format == 1 ? bytes.u8(at + 2) : bytes.u16(at + 2);
      for (uint32_t k = 0; k <= left && gid < glyph_count; ++k, ++gid) {
        if (first + k > 0xffff) throw Unsupported{};
        cid_of[gid] = static_cast<uint16_t>(first + k);
      }
    }
  } else {
    throw Unsupported{};
  }
  return cid_of;
}

void put_u8(std::string& out, uint32_t value) { out += static_cast<char>(value & 0xff); }
void put_u16(std::string& out, uint32_t value) {
  put_u8(out, value >> 8);
  put_u8(out, value);
}
void put_offset(std::string& out, uint32_t value, unsigned size) {
  for (unsigned i = size; i-- > 0;) put_u8(out, value >> (8 * i));
}

// An integer operand in its five-byte form, so that a DICT's size does not depend on the offsets
// it holds.
void put_int5(std::string& out, uint32_t value) {
  put_u8(out, 29);
  put_offset(out, value, 4);
}
constexpr size_t kInt5Size = 5;

void put_op(std::string& out, int op) {
  if (op >= 1200) put_u8(out, 12);
  put_u8(out, static_cast<uint32_t>(op >= 1200 ? op - 1200 : op));
}

unsigned off_size_for(size_t last_offset) {
  if (last_offset <= 0xff) return 1;
  if (last_offset <= 0xffff) return 2;
  if (last_offset <= 0xffffff) return 3;
  return 4;
}

// The bytes of an INDEX whose entries have these sizes.
size_t index_size(const std::vector<size_t>& sizes) {
  if (sizes.empty()) return 2;
  size_t data = 0;
  for (size_t size : sizes) data += size;
  return 3 + (sizes.size() + 1) * off_size_for(data + 1) + data;
}

// An INDEX's count, offset size and offsets for these entries; returns the bytes of data that
// follow them.
size_t put_index_head(std::string& out, const std::vector<std::string_view>& entries) {
  put_u16(out, static_cast<uint32_t>(entries.size()));
  if (entries.empty()) return 0;
  size_t data = 0;
  for (std::string_view e : entries) data += e.size();
  const unsigned off_size = off_size_for(data + 1);
  put_u8(out, off_size);
  uint32_t offset = 1;
  put_offset(out, offset, off_size);
  for (std::string_view e : entries) {
    offset += static_cast<uint32_t>(e.size());
    put_offset(out, offset, off_size);
  }
  return data;
}

void put_index(std::string& out, const std::vector<std::string_view>& entries) {
  put_index_head(out, entries);
  for (std::string_view e : entries) out.append(e);
}

// An INDEX of entries that all lie inside `table`, their bytes fetched with `read` where it
// can: entries less than kReadGap bytes apart are fetched in one read (`scratch` holds it).
constexpr size_t kReadGap = 512;

void put_index_of_table_entries(std::string& out, const std::vector<std::string_view>& entries,
                                std::string_view table, const CffTableReader& read) {
  if (!read) {
    put_index(out, entries);
    return;
  }
  const size_t data = put_index_head(out, entries);
  size_t at = out.size();
  out.resize(at + data);
  bool reading = true;
  std::string scratch;
  for (size_t i = 0; i < entries.size();) {
    // Entries are in table order (ascending glyph ids, ascending INDEX offsets).
    const size_t first = static_cast<size_t>(entries[i].data() - table.data());
    size_t end = first + entries[i].size();
    size_t j = i + 1;
    while (j < entries.size()) {
      const size_t next = static_cast<size_t>(entries[j].data() - table.data());
      if (next < end || next - end >= kReadGap) break;
      end = next + entries[j].size();
      ++j;
    }
    if (reading && j == i + 1) {
      reading = read(first, end - first, out.data() + at);
      if (reading) {
        at += end - first;
        i = j;
        continue;
      }
    } else if (reading) {
      scratch.resize(end - first);
      reading = read(first, scratch.size(), scratch.data());
    }
    for (size_t k = i; k < j; ++k) {
      const std::string_view e = entries[k];
      const char* from =
          reading ? scratch.data() + (static_cast<size_t>(e.data() - table.data()) - first)
                  : e.data();
      std::copy(from, from + e.size(), out.data() + at);
      at += e.size();
    }
    i = j;
  }
}

CffSubset subset_or_throw(std::string_view cff, const std::set<uint32_t>& gids,
                          const CffTableReader& read) {
  const Bytes bytes(cff);
  if (bytes.u8(0) != 1) throw Unsupported{};  // major version 1 (CFF2 is another table)
  const size_t header_size = bytes.u8(2);
  const Index names = read_index(bytes, header_size);
  const Index top_dicts = read_index(bytes, names.end);
  const Index strings = read_index(bytes, top_dicts.end);
  const Index global_subrs = read_index(bytes, strings.end);
  if (names.count() != 1 || top_dicts.count() != 1 || global_subrs.count() != 0) {
    throw Unsupported{};
  }

  const std::vector<DictEntry> top = read_dict(top_dicts.entry(bytes, 0));
  if (top.empty() || top.front().op != kRos) throw Unsupported{};  // not CID-keyed
  const DictEntry* charset_entry = find(top, kCharset);
  const DictEntry* charstrings_entry = find(top, kCharStrings);
  const DictEntry* fd_array_entry = find(top, kFdArray);
  const DictEntry* fd_select_entry = find(top, kFdSelect);
  if (charset_entry == nullptr || charstrings_entry == nullptr || fd_array_entry == nullptr ||
      fd_select_entry == nullptr || find(top, kPrivate) != nullptr ||
      find(top, kSyntheticBase) != nullptr) {
    throw Unsupported{};
  }
  if (const DictEntry* type = find(top, kCharstringType); type != nullptr) {
    if (operand(*type, 0, 1, 2) != 2) throw Unsupported{};
  }
  if (const DictEntry* encoding = find(top, kEncoding); encoding != nullptr) {
    if (operand(*encoding, 0, 1, bytes.size()) != 0) throw Unsupported{};
  }

  const Index charstrings = read_index(bytes, operand(*charstrings_entry, 0, 1, bytes.size()));
  const size_t glyph_count = charstrings.count();
  if (glyph_count == 0 || glyph_count > 0xffff) throw Unsupported{};
  if (!gids.empty() && *gids.rbegin() >= glyph_count) throw Unsupported{};

  // The kept glyphs in new glyph id order: .notdef first.
  std::vector<uint32_t> kept;
  kept.reserve(gids.size() + 1);
  kept.push_back(0);
  for (uint32_t gid : gids) {
    if (gid != 0) kept.push_back(gid);
  }

  // charset: the CID of every glyph but .notdef.
  const std::vector<uint16_t> cid_of =
      read_cid_charset(bytes, operand(*charset_entry, 0, 1, bytes.size()), glyph_count);

  // FDArray: each Font DICT and its Private DICT, which must not have local subroutines.
  const Index fd_array = read_index(bytes, operand(*fd_array_entry, 0, 1, bytes.size()));
  const size_t fd_count = fd_array.count();
  if (fd_count == 0 || fd_count > 255) throw Unsupported{};
  std::vector<std::vector<DictEntry>> font_dicts(fd_count);
  std::vector<std::string_view> privates(fd_count);
  for (size_t fd = 0; fd < fd_count; ++fd) {
    font_dicts[fd] = read_dict(fd_array.entry(bytes, fd));
    const DictEntry* private_entry = find(font_dicts[fd], kPrivate);
    if (private_entry == nullptr) throw Unsupported{};
    const size_t size = operand(*private_entry, 0, 2, bytes.size());
    const size_t at = operand(*private_entry, 1, 2, bytes.size());
    privates[fd] = bytes.range(at, size);
    if (find(read_dict(privates[fd]), kSubrs) != nullptr) throw Unsupported{};
  }

  // FDSelect: the Font DICT of each kept glyph.
  const size_t fd_select_at = operand(*fd_select_entry, 0, 1, bytes.size());
  std::vector<uint8_t> fd_of_kept(kept.size(), 0);
  const uint32_t fd_select_format = bytes.u8(fd_select_at);
  if (fd_select_format == 0) {
    for (size_t i = 0; i < kept.size(); ++i) {
      fd_of_kept[i] = static_cast<uint8_t>(bytes.u8(fd_select_at + 1 + kept[i]));
    }
  } else if (fd_select_format == 3) {
    const uint32_t ranges = bytes.u16(fd_select_at + 1);
    if (ranges == 0 || bytes.u16(fd_select_at + 3) != 0) throw Unsupported{};
    size_t range = 0;  // kept is ascending, so the ranges are walked once
    for (size_t i = 0; i < kept.size(); ++i) {
      for (;;) {
        if (range >= ranges) throw Unsupported{};
        const size_t at = fd_select_at + 3 + 3 * range;
        const uint32_t next_first = bytes.u16(at + 3);  // the next range's first, or the sentinel
        if (next_first <= bytes.u16(at)) throw Unsupported{};
        if (kept[i] < next_first) {
          fd_of_kept[i] = static_cast<uint8_t>(bytes.u8(at + 2));
          break;
        }
        ++range;
      }
    }
  } else {
    throw Unsupported{};
  }
  for (uint8_t fd : fd_of_kept) {
    if (fd >= fd_count) throw Unsupported{};
  }

  // The new program: header, Name, Top DICT, String and (empty) Global Subr INDEXes, then the
  // charset, FDSelect, CharStrings, FDArray and the Private DICTs, in that order.
  std::string top_dict;
  for (const DictEntry& entry : top) {
    switch (entry.op) {
      case kCharset:
      case kCharStrings:
      case kFdArray:
      case kFdSelect:
      case kUniqueId:  // identifiers of the whole font, which the subset is not
      case kXuid:
      case kUidBase:
        break;
      default:
        top_dict.append(entry.bytes);
    }
  }
  constexpr size_t kTopOffsets = 4 * kInt5Size + 1 + 1 + 2 + 2;  // four operands, four operators
  const size_t top_dict_size = top_dict.size() + kTopOffsets;

  std::vector<std::string_view> new_charstrings;
  new_charstrings.reserve(kept.size());
  for (uint32_t gid : kept) new_charstrings.push_back(charstrings.entry(bytes, gid));

  // charset: format 2 (ranges of consecutive CIDs) or format 0, whichever is smaller.
  std::string charset;
  {
    std::string ranges;
    for (size_t i = 1; i < kept.size();) {
      size_t j = i;
      while (j + 1 < kept.size() && j + 1 - i < 0xffff &&
             cid_of[kept[j + 1]] == cid_of[kept[j]] + 1) {
        ++j;
      }
      put_u16(ranges, cid_of[kept[i]]);
      put_u16(ranges, static_cast<uint32_t>(j - i));
      i = j + 1;
    }
    if (ranges.size() < 2 * (kept.size() - 1)) {
      put_u8(charset, 2);
      charset += ranges;
    } else {
      put_u8(charset, 0);
      for (size_t i = 1; i < kept.size(); ++i) put_u16(charset, cid_of[kept[i]]);
    }
  }
  // FDSelect: format 3.
  std::string fd_select;
  {
    std::string ranges;
    uint32_t count = 0;
    for (size_t i = 0; i < kept.size(); ++i) {
      if (i == 0 || fd_of_kept[i] != fd_of_kept[i - 1]) {
        put_u16(ranges, static_cast<uint32_t>(i));
        put_u8(ranges, fd_of_kept[i]);
        ++count;
      }
    }
    put_u8(fd_select, 3);
    put_u16(fd_select, count);
    fd_select += ranges;
    put_u16(fd_select, static_cast<uint32_t>(kept.size()));  // sentinel
  }

  // Each Font DICT as it was but for its Private entry, which is appended once the Private
  // DICTs' offsets are known; its operands have a fixed size, so the sizes are known first.
  constexpr size_t kPrivateEntrySize = 2 * kInt5Size + 1;
  std::vector<std::string> font_dicts_out(fd_count);
  std::vector<size_t> font_dict_sizes(fd_count);
  for (size_t fd = 0; fd < fd_count; ++fd) {
    for (const DictEntry& entry : font_dicts[fd]) {
      if (entry.op != kPrivate) font_dicts_out[fd].append(entry.bytes);
    }
    font_dict_sizes[fd] = font_dicts_out[fd].size() + kPrivateEntrySize;
  }
  std::vector<size_t> charstring_sizes;
  charstring_sizes.reserve(new_charstrings.size());
  for (std::string_view c : new_charstrings) charstring_sizes.push_back(c.size());

  const size_t charset_offset = 4 + (names.end - names.begin) + index_size({top_dict_size}) +
                                (strings.end - strings.begin) + 2;
  const size_t fd_select_offset = charset_offset + charset.size();
  const size_t charstrings_offset = fd_select_offset + fd_select.size();
  const size_t fd_array_offset = charstrings_offset + index_size(charstring_sizes);
  size_t private_offset = fd_array_offset + index_size(font_dict_sizes);
  if (private_offset > 0xffffffff - bytes.size()) throw Unsupported{};

  for (size_t fd = 0; fd < fd_count; ++fd) {
    std::string& dict = font_dicts_out[fd];
    put_int5(dict, static_cast<uint32_t>(privates[fd].size()));
    put_int5(dict, static_cast<uint32_t>(private_offset));
    put_op(dict, kPrivate);
    private_offset += privates[fd].size();
  }
  put_int5(top_dict, static_cast<uint32_t>(charset_offset));
  put_op(top_dict, kCharset);
  put_int5(top_dict, static_cast<uint32_t>(charstrings_offset));
  put_op(top_dict, kCharStrings);
  put_int5(top_dict, static_cast<uint32_t>(fd_select_offset));
  put_op(top_dict, kFdSelect);
  put_int5(top_dict, static_cast<uint32_t>(fd_array_offset));
  put_op(top_dict, kFdArray);

  CffSubset out;
  std::string& program = out.program;
  program.reserve(private_offset);
  put_u8(program, 1);  // major
  put_u8(program, 0);  // minor
  put_u8(program, 4);  // header size
  put_u8(program, 4);  // offSize: offsets in the program take at most four bytes
  program.append(bytes.range(names.begin, names.end - names.begin));
  put_index(program, {top_dict});
  program.append(bytes.range(strings.begin, strings.end - strings.begin));
  put_index(program, {});  // Global Subr INDEX
  program += charset;
  program += fd_select;
  put_index_of_table_entries(program, new_charstrings, cff, read);
  put_index(program, std::vector<std::string_view>(font_dicts_out.begin(), font_dicts_out.end()));
  for (std::string_view p : privates) program.append(p);
  if (program.size() != private_offset) throw Unsupported{};  // an offset computed wrongly

  out.cids.reserve(kept.size());
  for (uint32_t gid : kept) out.cids.push_back(cid_of[gid]);
  return out;
}

}  // namespace

std::optional<CffSubset> subset_cid_cff_without_subrs(std::string_view cff,
                                                      const std::set<uint32_t>& gids,
                                                      const CffTableReader& read) {
  try {
    return subset_or_throw(cff, gids, read);
  } catch (const Unsupported&) {
    return std::nullopt;
  }
}

std::optional<std::vector<uint16_t>> cff_glyph_cids(std::string_view cff) {
  try {
    const Bytes bytes(cff);
    if (bytes.u8(0) != 1) throw Unsupported{};
    const Index names = read_index(bytes, bytes.u8(2));
    const Index top_dicts = read_index(bytes, names.end);
    if (top_dicts.count() != 1) throw Unsupported{};
    const std::vector<DictEntry> top = read_dict(top_dicts.entry(bytes, 0));
    if (find(top, kRos) == nullptr) return std::vector<uint16_t>{};  // name-keyed
    const DictEntry* charset_entry = find(top, kCharset);
    const DictEntry* charstrings_entry = find(top, kCharStrings);
    if (charset_entry == nullptr || charstrings_entry == nullptr) throw Unsupported{};
    const Index charstrings = read_index(bytes, operand(*charstrings_entry, 0, 1, bytes.size()));
    if (charstrings.count() == 0) throw Unsupported{};
    return read_cid_charset(bytes, operand(*charset_entry, 0, 1, bytes.size()),
                            charstrings.count());
  } catch (const Unsupported&) {
    return std::nullopt;
  }
}

}  // namespace paiban::fonts
