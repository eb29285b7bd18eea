// The document phase: resolved blocks → text blocks and sized tables → pages, then page numbers.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "layout/gongwen.h"
#include "layout/layout.h"
#include "layout/paginate.h"
#include "layout/table_layout.h"
#include "layout/table_sizing.h"
#include "layout/title.h"
#include "paiban_assert.h"
#include "paiban_limits.h"

namespace paiban::layout {

namespace {

// Everything the document phase needs while walking the resolved blocks.
class DocumentBuilder {
 public:
  DocumentBuilder(const resolve::ResolvedDocument& doc, const SizedTables& tables,
                  FontContext& fonts, PageModel& model, std::vector<Diagnostic>& diagnostics)
      : doc_(doc), style_(doc.style), tables_(tables), fonts_(fonts), model_(model),
        diagnostics_(diagnostics), pager_(doc.style, model) {}

  void build() {
    // The structure tree's root; blocks add their elements in body order as they are made.
    model_.add_structure(StructRole::kDocument);
    if (doc_.gongwen) {
      gongwen_.emplace(
          doc_, fonts_, pager_, [this](const resolve::ResolvedParagraph& p) { return spec_for(p); },
          diagnostics_);
      gongwen_->place_masthead();
    }
    std::vector<Item>& items = items_;
    for (size_t b = 0; b < doc_.blocks.size(); ++b) {
      const size_t first_item = items.size();
      std::string where;
      std::visit(
          [&](const auto& block) {
            using T = std::decay_t<decltype(block)>;
            if constexpr (std::is_same_v<T, resolve::ResolvedTitle>) {
              if (!block.lines.empty()) where = block.lines.front().where;
            } else {
              where = block.where;
            }
            if constexpr (std::is_same_v<T, resolve::ResolvedTitle>) {
              add_title(block, items);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedParagraph>) {
              items.push_back(text_item(paragraph_block(block, b)));
            } else if constexpr (std::is_same_v<T, resolve::ResolvedTable>) {
              Item item;
              item.kind = Item::kTable;
              item.table = tables_.layout_for(b);
              PAIBAN_ASSERT(item.table != nullptr, "size_tables sizes every table block");
              item.structure = model_.add_structure(StructRole::kTable);
              items.push_back(std::move(item));
            } else if constexpr (std::is_same_v<T, resolve::ResolvedPageBreak>) {
              Item item;
              item.kind = Item::kPageBreak;
              items.push_back(std::move(item));
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSignature>) {
              items.push_back(text_item(signature_block(block)));
              items.back().text.structure = model_.add_structure(StructRole::kParagraph);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSpace>) {
              Item item;
              item.kind = Item::kSpace;
              item.space = pt_to_lu(block.height_pt);
              items.push_back(std::move(item));
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSealedSignature>) {
              Item item;
              item.kind = Item::kSealedSignature;
              item.sealed = &block;
              items.push_back(std::move(item));
            } else {
              static_assert(sizeof(T) == 0, "a resolved block type is not laid out");
            }
          },
          doc_.blocks[b]);
      for (size_t k = first_item; k < items.size(); ++k) {
        items[k].where = where;
        items[k].block = b;
        items[k].first_of_block = k == first_item;
      }
    }

    for (size_t k = 0; k < items.size(); ++k) {
      Item& item = items[k];
      // GB/T 9704 §8: a table too wide for the portrait page is set on landscape pages of its
      // own; what follows starts on a portrait page again.
      const bool landscape = item.kind == Item::kTable && item.table->landscape;
      pager_.set_landscape(landscape);
      item.structures_from = static_cast<int>(model_.structure.size());
      switch (item.kind) {
        case Item::kText: {
          LU next = 0;
          if (k + 1 < items.size()) next = min_start_height(items[k + 1]);
          pager_.place_text(item.text, next);
          // Only the body's first item: what follows a table is no measure of the title's place.
          if (k == 0) title_top_.emplace(pager_.last_block_page(), pager_.last_block_top());
          break;
        }
        case Item::kTable:
          pager_.snap_to_grid();
          place_table(*item.table, item.structure, style_, pager_);
          break;
        case Item::kPageBreak:
          // The resolve phase drops breaks that would always print a blank page; one that falls
          // on a page a table has just filled would too.
          if (!pager_.page_empty()) pager_.new_page();
          break;
        case Item::kSpace:
          pager_.advance(item.space);
          break;
        case Item::kSealedSignature:
          if (gongwen_) gongwen_->place_signature(*item.sealed);
          break;
      }
      item.structures_to = static_cast<int>(model_.structure.size());
      if (pager_.over_page_limit()) {
        Diagnostic d;
        d.pointer = item.where;
        d.message = "the document needs more than " + std::to_string(limits::kMaxPages) +
                    " pages here; the page limit is " + std::to_string(limits::kMaxPages);
        diagnostics_.push_back(std::move(d));
        return;
      }
    }
    if (gongwen_) gongwen_->place_record();
    add_page_numbers();
  }

  // Where the 版记 page begins (resolve::GongwenPages), from the runs on that page: the first
  // item with text there, and whether it began on an earlier page (then, for a paragraph, the
  // byte where the page's first line begins).
  resolve::GongwenHead gongwen_head() const {
    resolve::GongwenHead head;
    if (!gongwen_ || !title_top_ || title_top_->first != 0) return head;
    head.known = true;
    // LU (1/64 pt) → twentieths of a point.
    head.title_below_anchor_twips =
        static_cast<int32_t>((title_top_->second - gongwen_->title_anchor()) * 20 / kLuPerPt);
    return head;
  }

  // The paragraphs with lines drawn closer above a signature (resolve::CloserBlock).
  std::vector<resolve::CloserBlock> closer_blocks() const {
    std::vector<resolve::CloserBlock> out;
    if (!gongwen_ || gongwen_->closer_step() <= 0) return out;
    const std::vector<int> owner = structure_owners();
    std::set<size_t> blocks;
    for (int st : gongwen_->closer_structures()) {
      if (st >= 0 && static_cast<size_t>(st) < owner.size() &&
          owner[static_cast<size_t>(st)] >= 0) {
        const Item& item = items_[static_cast<size_t>(owner[static_cast<size_t>(st)])];
        if (std::holds_alternative<resolve::ResolvedParagraph>(doc_.blocks[item.block])) {
          blocks.insert(item.block);
        }
      }
    }
    // LU → twips, rounded up: the word processor's lines come up at least as far.
    const auto closer =
        static_cast<int32_t>((gongwen_->closer_step() * 20 + kLuPerPt - 1) / kLuPerPt);
    for (size_t b : blocks) out.push_back({b, closer});
    return out;
  }

  // The item each structure element belongs to (-1: none): an item's own element, and those
  // made while it was placed (table cells, the sealed signature).
  std::vector<int> structure_owners() const {
    std::vector<int> owner(model_.structure.size(), -1);
    auto own = [&](int structure, size_t k) {
      if (structure >= 0 && static_cast<size_t>(structure) < owner.size()) {
        owner[static_cast<size_t>(structure)] = static_cast<int>(k);
      }
    };
    for (size_t k = 0; k < items_.size(); ++k) {
      const Item& item = items_[k];
      own(item.kind == Item::kText ? item.text.structure : item.structure, k);
      for (int st = item.structures_from; st < item.structures_to; ++st) own(st, k);
    }
    return owner;
  }

  resolve::GongwenPages gongwen_pages() const {
    using Start = resolve::GongwenPages::Start;
    resolve::GongwenPages facts;
    if (!gongwen_ || !gongwen_->record_placed()) return facts;
    facts.record_page = gongwen_->record_page();
    facts.blank_pages = gongwen_->blank_pages();
    if (gongwen_->record_alone()) {
      facts.start = Start::kRecord;
      return facts;
    }
    facts.start = Start::kUnknown;
    const std::vector<int> owner = structure_owners();
    auto first_item_on = [&](size_t page) {
      int first = -1;
      for (const GlyphRun& run : model_.pages[page].runs) {
        if (run.structure < 0 || run.structure == gongwen_->record_structure()) continue;
        if (static_cast<size_t>(run.structure) >= owner.size()) continue;
        const int k = owner[static_cast<size_t>(run.structure)];
        if (k >= 0 && (first < 0 || k < first)) first = k;
      }
      return first;
    };
    const size_t page = facts.record_page;
    const int k = first_item_on(page);
    if (k < 0) return facts;  // only masthead lines (page 1): no boundary to find
    const Item& item = items_[static_cast<size_t>(k)];
    bool earlier = false;
    for (size_t p = 0; p < page && !earlier; ++p) {
      for (const GlyphRun& run : model_.pages[p].runs) {
        if (run.structure >= 0 && static_cast<size_t>(run.structure) < owner.size() &&
            owner[static_cast<size_t>(run.structure)] == k) {
          earlier = true;
          break;
        }
      }
    }
    facts.block = item.block;
    if (!earlier) {
      if (item.first_of_block) facts.start = Start::kBlock;
      return facts;
    }
    // Inside the item: only a paragraph block (one item, whose lines hold its text in order)
    // can be split between its lines.
    const auto* para = std::get_if<resolve::ResolvedParagraph>(&doc_.blocks[item.block]);
    if (para == nullptr || item.kind != Item::kText) return facts;
    std::set<LU> lines_here;
    for (const GlyphRun& run : model_.pages[page].runs) {
      if (run.structure == item.text.structure) lines_here.insert(run.y);
    }
    const std::vector<Line>& lines = item.text.lines;
    if (lines_here.empty() || lines_here.size() >= lines.size()) return facts;
    std::string joined;
    for (const resolve::ResolvedRun& r : para->runs) joined += r.text;
    std::string laid;
    for (const Line& l : lines) laid += l.text;
    if (laid != joined) return facts;  // the lines do not hold the text as given: no offset
    size_t byte = 0;
    for (size_t i = 0; i + lines_here.size() < lines.size(); ++i) byte += lines[i].text.size();
    facts.start = Start::kInParagraph;
    facts.byte = byte;
    return facts;
  }
  // What the DOCX repeats of this layout's line decisions (resolve::FlowFacts::spread).
  std::vector<resolve::SpreadLine>& spread() { return spread_; }

 private:
  struct Item {
    enum Kind { kText, kTable, kPageBreak, kSpace, kSealedSignature } kind = kText;
    TextBlock text;
    const TableLayout* table = nullptr;
    const resolve::ResolvedSealedSignature* sealed = nullptr;
    int structure = kArtifact;  // a table's element in the structure tree
    LU space = 0;
    size_t block = 0;             // index into ResolvedDocument::blocks
    bool first_of_block = false;  // the block's first item (a title gives one per line)
    // The structure elements made while the item was placed: [from, to).
    int structures_from = 0, structures_to = 0;
    std::string where;  // JSON Pointer of the block it comes from (for the page-limit error)
  };

  static Item text_item(TextBlock block) {
    Item item;
    item.kind = Item::kText;
    item.text = std::move(block);
    return item;
  }

  LU min_start_height(const Item& item) {
    if (item.kind == Item::kText) return Paginator::min_start_height(item.text);
    if (item.kind == Item::kTable) {
      return table_min_start_height(*item.table);
    }
    return 0;
  }

  ParagraphSpec spec_for(const resolve::ResolvedParagraph& p) const {
    ParagraphSpec spec;
    spec.width = pager_.width();
    spec.first_indent = pt_to_lu(p.first_indent_size_pt * p.first_indent_em);
    spec.align = p.align;
    spec.line_pitch = pt_to_lu(p.line_pitch_pt);
    if (style_.page.grid_chars > 0) {
      spec.grid_advance = pager_.width() / style_.page.grid_chars;
      spec.grid_size = pt_to_lu(style_.body.size_pt);
      if (p.first_indent_em != 0 && pt_to_lu(p.first_indent_size_pt) == spec.grid_size) {
        spec.first_indent = static_cast<LU>(spec.grid_advance * p.first_indent_em);
      }
    }
    // A left indent narrows every line; the first-line indent is relative to it (a hanging
    // indent when negative).
    const LU left = left_indent(p, spec);
    spec.width = std::max<LU>(spec.width - left, spec.grid_advance > 0 ? spec.grid_advance : 1);
    apply_typography(style_, spec);
    spec.where = p.where;
    for (const resolve::ResolvedRun& r : p.runs) spec.spans.push_back(span_for(r));
    return spec;
  }

  // The paragraph's left indent in LU: characters on the grid when its size is the grid's.
  static LU left_indent(const resolve::ResolvedParagraph& p, const ParagraphSpec& spec) {
    if (p.left_indent_em <= 0) return 0;
    const LU em = spec.grid_advance > 0 && pt_to_lu(p.first_indent_size_pt) == spec.grid_size
                      ? spec.grid_advance
                      : pt_to_lu(p.first_indent_size_pt);
    return static_cast<LU>(em * p.left_indent_em);
  }

  static StyledSpan span_for(const resolve::ResolvedRun& run) {
    StyledSpan span;
    span.text = run.text;
    span.role = run.role;
    span.bold = run.bold;
    span.size = pt_to_lu(run.size_pt);
    return span;
  }

  TextBlock make_block(const ParagraphSpec& spec, const resolve::ResolvedParagraph& p) {
    TextBlock block;
    block.lines = layout_paragraph(spec, fonts_, diagnostics_);
    block.x = left_indent(p, spec);
    block.space_before = pt_to_lu(p.space_before_pt);
    block.space_after = pt_to_lu(p.space_after_pt);
    block.keep_with_next = p.keep_with_next;
    return block;
  }

  void add_title(const resolve::ResolvedTitle& title, std::vector<Item>& items) {
    auto add = [&](const resolve::ResolvedParagraph& p) {
      ParagraphSpec spec = spec_for(p);
      TextBlock block = make_block(spec, p);
      break_title(spec, fonts_, block);
      block.structure = model_.add_structure(StructRole::kTitle);
      items.push_back(text_item(std::move(block)));
    };
    for (const resolve::ResolvedParagraph& p : title.lines) add(p);
    if (title.subtitle) add(*title.subtitle);
  }

  // A body paragraph or heading, block `index` of the resolved document.
  TextBlock paragraph_block(const resolve::ResolvedParagraph& p, size_t index) {
    TextBlock block = make_block(spec_for(p), p);
    for (const Line& line : block.lines) {
      if (line.spread_per_char <= 0) continue;
      // LU (1/64 pt) → twentieths of a point, rounded down: the line must not overflow.
      const int32_t twips = line.spread_per_char * 20 / 64;
      if (twips <= 0) continue;
      resolve::SpreadLine fact;
      fact.block = index;
      fact.begin = line.text_begin;
      fact.end = static_cast<uint32_t>(line.text_begin + line.text.size());
      fact.spacing_twips = twips;
      spread_.push_back(fact);
    }
    if (p.outline_level > 0) {
      block.anchor_level = p.outline_level;
      block.anchor_title = p.outline_title;
    }
    if (p.outline_level > 0 && !p.run_in) {
      block.structure = model_.add_structure(StructRole::kHeading);
      model_.structure[static_cast<size_t>(block.structure)].level = p.outline_level;
    } else {
      block.structure = model_.add_structure(StructRole::kParagraph);
    }
    return block;
  }

  // GB/T 9704-2012 §7.3.5.2: each line of the signature right-aligned at the right indent the
  // resolve phase decided (in characters of the signature's size, on the grid when it has one).
  TextBlock signature_block(const resolve::ResolvedSignature& s) {
    const styles::TextStyle& ts = style_.signature;
    resolve::ResolvedParagraph p;
    p.where = s.where;
    p.role = resolve::TextRole::kSignature;
    p.align = HAlign::kLeft;
    p.line_pitch_pt = styles::line_pitch_pt(ts);
    ParagraphSpec spec = spec_for(p);
    const LU em = spec.grid_advance > 0 && pt_to_lu(ts.size_pt) == spec.grid_size
                      ? spec.grid_advance
                      : pt_to_lu(ts.size_pt);
    TextBlock block;
    for (const resolve::ResolvedSignature::Line& line : s.lines) {
      ParagraphSpec one = spec;
      StyledSpan span;
      span.text = line.text;
      span.role = ts.role;
      span.bold = ts.bold;
      span.size = pt_to_lu(ts.size_pt);
      one.spans.push_back(span);
      const LU right = pager_.width() - static_cast<LU>(line.right_indent_em * em);
      for (Line& l : layout_paragraph(one, fonts_, diagnostics_)) {
        const LU dx = std::max<LU>(0, right - l.width);
        for (GlyphRun& r : l.runs) r.x += dx;
        block.lines.push_back(std::move(l));
      }
    }
    block.space_before = pt_to_lu(s.space_before_pt);
    block.keep_together = true;
    return block;
  }

  // Page numbers (GB/T 9704-2012 §7.5): 4号 half-width digits with a dash on each side, 7 mm
  // below the type area; odd pages right, even pages left, one character in from the edge.
  void add_page_numbers() {
    const styles::PageStyle& ps = style_.page;
    if (ps.page_number == styles::PageNumberPosition::kNone) return;
    const styles::TextStyle& ts = style_.page_number;
    // The portrait type area: a landscape page's number stays where the portrait sheet has it.
    const LU left = pt_to_lu(ps.margin_left_pt);
    const LU width = pt_to_lu(ps.width_pt - ps.margin_left_pt - ps.margin_right_pt);
    const LU bottom = pt_to_lu(ps.height_pt - ps.margin_bottom_pt);
    const LU sheet_height = pt_to_lu(ps.height_pt);
    for (size_t index = 0; index < model_.pages.size(); ++index) {
      if (gongwen_ && !gongwen_->numbered(index)) continue;
      Page& page = model_.pages[index];
      std::string text = ps.page_number_format;
      const size_t at = text.find("{}");
      const std::string n = std::to_string(page.number);
      if (at != std::string::npos) text.replace(at, 2, n); else text += n;
      ParagraphSpec spec;
      spec.width = width;
      spec.align = HAlign::kLeft;
      spec.autospace = false;
      spec.line_pitch = pt_to_lu(ts.size_pt * 1.2);
      spec.where = "/style/page_number";
      StyledSpan span;
      span.text = text;
      span.role = ts.role;
      span.bold = ts.bold;
      span.size = pt_to_lu(ts.size_pt);
      spec.spans.push_back(span);
      std::vector<Line> lines = layout_paragraph(spec, fonts_, diagnostics_);
      if (lines.empty()) continue;
      const Line& line = lines.front();
      const LU indent = pt_to_lu(ts.size_pt * ps.page_number_indent_em);
      LU x = left + (width - line.width) / 2;
      if (ps.page_number == styles::PageNumberPosition::kOuter) {
        x = page.number % 2 == 1 ? left + width - indent - line.width : left + indent;
      }
      // The number's em box starts 7 mm below the type area (its centre line a little lower).
      const LU y = bottom + pt_to_lu(ps.page_number_below_pt) - line.baseline +
                   pt_to_lu(ts.size_pt * 0.88);
      const bool turned = page.orientation == Orientation::kLandscape;
      // Exactly the room the number needs: a page's run list is full (pages are allocated to
      // the size of the page before), and growing it by doubling would leave up to half of
      // every page's list empty (issue #11: memory linear in rows, without slack).
      page.runs.reserve(page.runs.size() + line.runs.size());
      for (const GlyphRun& r : line.runs) {
        GlyphRun placed = r;
        placed.x += x;
        placed.y += y;
        if (turned) {
          // GB/T 9704 §8: the landscape page is the portrait sheet turned a quarter
          // counter-clockwise (the table head on the binding side of odd pages and the outer side
          // of even ones): the portrait point (x, y) is (sheet height − y, x) here, and the
          // number turns with the sheet.
          placed.x = sheet_height - (r.y + y);
          placed.y = r.x + x;
          placed.quarter_turn = true;
        }
        page.runs.push_back(std::move(placed));
      }
    }
  }

  const resolve::ResolvedDocument& doc_;
  const styles::Style& style_;
  const SizedTables& tables_;
  FontContext& fonts_;
  PageModel& model_;
  std::vector<Diagnostic>& diagnostics_;
  Paginator pager_;
  // The body's first item when it is text (a 公文's title; an order's first paragraph): its
  // page and the top of its first line (GongwenHead).
  std::optional<std::pair<size_t, LU>> title_top_;
  std::optional<GongwenLayout> gongwen_;
  std::vector<Item> items_;
  std::vector<resolve::SpreadLine> spread_;  // in block order, each block's lines in order
};

}  // namespace

PageModel layout_document(const resolve::ResolvedDocument& doc, const SizedTables& tables,
                          FontContext& fonts, std::vector<Diagnostic>& diagnostics,
                          resolve::FlowFacts* flow) {
  PageModel model;
  model.info.title = doc.info.title;
  model.info.subject = doc.info.subject;
  model.info.author = doc.info.author;
  model.info.keywords = doc.info.keywords;
  model.info.language = doc.info.language;
  model.info.date = doc.info.date;
  DocumentBuilder builder(doc, tables, fonts, model, diagnostics);
  builder.build();
  model.fonts = fonts.resources();
  if (flow != nullptr) {
    flow->laid_out = true;
    flow->page_count = model.pages.size();
    flow->gongwen = builder.gongwen_pages();
    flow->gongwen_head = builder.gongwen_head();
    flow->closer = builder.closer_blocks();
    flow->spread = std::move(builder.spread());
  }
  return model;
}

}  // namespace paiban::layout
