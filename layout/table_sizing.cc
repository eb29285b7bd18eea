#include "layout/table_sizing.h"

#include "layout/table_layout.h"

#include <algorithm>
#include <numeric>

#include "paiban_assert.h"

namespace paiban::layout {

namespace {

// Spreads `amount` over `targets` in proportion to `weights` (equally when all weights are 0),
// in integers, the remainder going to the last target so nothing is lost.
void spread(std::vector<LU>& values, const std::vector<int>& targets,
            const std::vector<int64_t>& weights, LU amount) {
  if (targets.empty() || amount <= 0) return;
  int64_t total = std::accumulate(weights.begin(), weights.end(), int64_t{0});
  LU given = 0;
  for (size_t k = 0; k < targets.size(); ++k) {
    LU share;
    if (k + 1 == targets.size()) {
      share = amount - given;
    } else if (total > 0) {
      share = static_cast<LU>(amount * weights[k] / total);
    } else {
      share = amount / static_cast<LU>(targets.size());
    }
    values[static_cast<size_t>(targets[k])] += share;
    given += share;
  }
}

}  // namespace

ColumnWidths compute_column_widths(int cols, const std::vector<ColumnConstraint>& constraints,
                                   const std::vector<SpanNeed>& needs, LU table_width) {
  ColumnWidths out;
  if (cols <= 0) return out;
  const auto n = static_cast<size_t>(cols);
  std::vector<LU> mn(n, 0), mx(n, 0);
  std::vector<bool> fixed(n, false);
  for (size_t c = 0; c < n && c < constraints.size(); ++c) {
    if (constraints[c].fixed >= 0) {
      fixed[c] = true;
      mn[c] = mx[c] = constraints[c].fixed;
    }
  }
  std::vector<SpanNeed> sorted = needs;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const SpanNeed& a, const SpanNeed& b) { return a.span < b.span; });
  for (const SpanNeed& need : sorted) {
    const int first = std::clamp(need.first, 0, cols - 1);
    const int last = std::clamp(need.first + need.span, first + 1, cols);
    std::vector<int> autos;
    LU have_min = 0, have_max = 0;
    for (int c = first; c < last; ++c) {
      have_min += mn[static_cast<size_t>(c)];
      have_max += mx[static_cast<size_t>(c)];
      if (!fixed[static_cast<size_t>(c)]) autos.push_back(c);
    }
    if (autos.empty()) continue;
    std::vector<int64_t> weights;
    for (int c : autos) weights.push_back(mx[static_cast<size_t>(c)]);
    spread(mn, autos, weights, need.min - have_min);
    spread(mx, autos, weights, need.max - have_max);
  }
  for (size_t c = 0; c < n; ++c) mx[c] = std::max(mx[c], mn[c]);

  out.min_total = std::accumulate(mn.begin(), mn.end(), LU{0});
  out.widths = mn;
  if (out.min_total > table_width) {
    out.fits = false;
    return out;
  }
  std::vector<int> autos, frs;
  LU fixed_total = 0, auto_min = 0, auto_max = 0, fr_min = 0;
  for (size_t c = 0; c < n; ++c) {
    if (fixed[c]) {
      fixed_total += mn[c];
    } else if (c < constraints.size() && constraints[c].fr > 0) {
      frs.push_back(static_cast<int>(c));
      fr_min += mn[c];
    } else {
      autos.push_back(static_cast<int>(c));
      auto_min += mn[c];
      auto_max += mx[c];
    }
  }
  const LU room = table_width - fixed_total;
  if (!frs.empty()) {
    // fr columns share what the automatic columns leave by their weights (automatic columns get
    // max-content when that leaves the fr columns their minimum, else min-content); a column
    // whose share is below its min-content gets that and leaves the weighing (water-filling).
    const bool autos_at_max = auto_max + fr_min <= room;
    LU left = room;
    for (int c : autos) {
      const auto k = static_cast<size_t>(c);
      out.widths[k] = autos_at_max ? mx[k] : mn[k];
      left -= out.widths[k];
    }
    std::vector<int> active = frs;
    for (bool changed = true; changed && !active.empty();) {
      changed = false;
      double weights = 0;
      for (int c : active) weights += constraints[static_cast<size_t>(c)].fr;
      for (size_t a = 0; a < active.size(); ++a) {
        const auto k = static_cast<size_t>(active[a]);
        const double share = static_cast<double>(left) * constraints[k].fr / weights;
        if (share < static_cast<double>(mn[k])) {
          out.widths[k] = mn[k];
          left -= mn[k];
          active.erase(active.begin() + static_cast<std::ptrdiff_t>(a));
          changed = true;
          break;
        }
      }
    }
    std::vector<int64_t> w;
    for (int c : active) {
      out.widths[static_cast<size_t>(c)] = 0;
      w.push_back(static_cast<int64_t>(constraints[static_cast<size_t>(c)].fr * 1000));
    }
    spread(out.widths, active, w, left);
    PAIBAN_ASSERT(std::accumulate(out.widths.begin(), out.widths.end(), LU{0}) == table_width,
                  "column widths that fit sum to the table width");
    return out;
  }
  if (auto_max + fr_min <= room) {
    for (int c : autos) out.widths[static_cast<size_t>(c)] = mx[static_cast<size_t>(c)];
    const LU surplus = room - auto_max - fr_min;
    if (!frs.empty()) {
      std::vector<int64_t> w;
      for (int c : frs) w.push_back(static_cast<int64_t>(constraints[static_cast<size_t>(c)].fr * 1000));
      spread(out.widths, frs, w, surplus);
    } else {
      std::vector<int64_t> w;
      for (int c : autos) w.push_back(mx[static_cast<size_t>(c)]);
      if (autos.empty()) {
        // Only fixed columns: the last one takes the rest so the table fills its width.
        out.widths[n - 1] += surplus;
      } else {
        spread(out.widths, autos, w, surplus);
      }
    }
  } else {
    // Not everything fits on one line: min-content plus the room left in proportion to what each
    // automatic (and fr) column would still like to have.
    std::vector<int> all = autos;
    all.insert(all.end(), frs.begin(), frs.end());
    std::sort(all.begin(), all.end());
    std::vector<int64_t> w;
    LU all_min = 0;
    for (int c : all) {
      w.push_back(mx[static_cast<size_t>(c)] - mn[static_cast<size_t>(c)]);
      all_min += mn[static_cast<size_t>(c)];
    }
    if (all.empty()) {
      out.widths[n - 1] += room;
    } else {
      spread(out.widths, all, w, room - all_min);
    }
  }
  PAIBAN_ASSERT(std::accumulate(out.widths.begin(), out.widths.end(), LU{0}) == table_width,
                "column widths that fit sum to the table width");
  return out;
}

SizedTables::SizedTables() = default;
SizedTables::~SizedTables() = default;
SizedTables::SizedTables(SizedTables&&) noexcept = default;
SizedTables& SizedTables::operator=(SizedTables&&) noexcept = default;

const TableLayout* SizedTables::layout_for(size_t block) const {
  auto it = std::lower_bound(sizes.begin(), sizes.end(), block,
                             [](const resolve::TableSize& s, size_t b) { return s.block < b; });
  if (it == sizes.end() || it->block != block) return nullptr;
  return layouts[static_cast<size_t>(it - sizes.begin())].get();
}

SizedTables size_tables(const resolve::ResolvedDocument& doc, FontContext& fonts,
                        std::vector<Diagnostic>& diagnostics) {
  SizedTables out;
  const LU text_width = pt_to_lu(doc.text_width_pt);
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const auto* table = std::get_if<resolve::ResolvedTable>(&doc.blocks[b]);
    if (table == nullptr) continue;
    std::unique_ptr<TableLayout> layout =
        measure_table(*table, doc.style, fonts, text_width, diagnostics);
    resolve::TableSize size;
    size.block = b;
    size.column_widths_lu = layout->column_widths;
    size.font_scale = layout->font_scale;
    size.keep_with_next = layout->keep_with_next;
    out.sizes.push_back(std::move(size));
    out.layouts.push_back(std::move(layout));
  }
  return out;
}

}  // namespace paiban::layout
