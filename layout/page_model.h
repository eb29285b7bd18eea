// Layout's view of the page model (page/page_model.h, the contract with every fixed-layout
// writer): the same types, brought into paiban::layout so layout's code names them unqualified.
#pragma once

#include "page/page_model.h"

namespace paiban::layout {

using page::Anchor;
using page::CellBox;
using page::Color;
using page::DocumentInfo;
using page::FontResource;
using page::Glyph;
using page::GlyphRun;
using page::kArtifact;
using page::kLuPerPt;
using page::LineCap;
using page::Link;
using page::LU;
using page::lu_to_pt;
using page::Orientation;
using page::Page;
using page::PageModel;
using page::Path;
using page::PlacedImage;
using page::pt_to_lu;
using page::StructElement;
using page::StructRole;
using page::line_path;

}  // namespace paiban::layout
