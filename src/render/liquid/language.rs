//! The Liquid language of a Jekyll site: Ruby Liquid's standard tags, blocks and
//! filters as liquid-lib has them, with Jekyll's (and coldstart's corrections of
//! liquid-lib's, such as `for` and `tablerow`) added or put in their place.

use liquid_core::Language;
use liquid_lib::stdlib;

use super::flattened::Flattened;
use super::tags::{self, IncludeKind};
use super::{demo_tag, filters, for_block, raw_runs, shown, tablerow_block, value_tag};

/// Liquid's standard tags, blocks and filters, with Jekyll's added or put in their place.
pub(super) fn language() -> Language {
    let mut language = Language::default();
    let tags: [Box<dyn liquid_core::ParseTag>; 13] = [
        Box::new(stdlib::AssignTag),
        Box::new(stdlib::BreakTag),
        Box::new(stdlib::ContinueTag),
        Box::new(stdlib::CycleTag),
        Box::new(stdlib::IncrementTag),
        Box::new(stdlib::DecrementTag),
        Box::new(tags::IncludeTag(IncludeKind::Include)),
        Box::new(tags::IncludeTag(IncludeKind::Relative)),
        Box::new(tags::PostUrlTag),
        Box::new(tags::LinkTag),
        Box::new(value_tag::ValueTag),
        Box::new(demo_tag::DemoTag),
        Box::new(raw_runs::RawTextTag),
    ];
    for tag in tags {
        language
            .tags
            .register(tag.reflection().tag().to_string(), tag);
    }
    let blocks: [Box<dyn liquid_core::ParseBlock>; 10] = [
        Box::new(stdlib::RawBlock),
        Box::new(stdlib::IfBlock),
        Box::new(stdlib::UnlessBlock),
        Box::new(stdlib::IfChangedBlock),
        Box::new(for_block::ForBlock),
        Box::new(tablerow_block::TableRowBlock),
        Box::new(stdlib::CommentBlock),
        Box::new(stdlib::CaptureBlock),
        Box::new(stdlib::CaseBlock),
        Box::new(tags::HighlightBlock),
    ];
    for block in blocks {
        language
            .blocks
            .register(block.reflection().start_tag().to_string(), block);
    }
    register_standard_filters(&mut language);
    filters::register(&mut language);
    shown::register(&mut language);
    language
}

/// Ruby Liquid's standard filters that liquid-core's behave like (Jekyll's and the
/// corrected ones are registered by `filters`).
fn register_standard_filters(language: &mut Language) {
    let standard_filters: Vec<Box<dyn liquid_core::ParseFilter>> = vec![
        Box::new(stdlib::Append),
        Box::new(stdlib::AtLeast),
        Box::new(stdlib::AtMost),
        Box::new(stdlib::Capitalize),
        Box::new(stdlib::Ceil),
        Box::new(Flattened(Box::new(stdlib::Compact))),
        Box::new(Flattened(Box::new(stdlib::Concat))),
        Box::new(stdlib::Downcase),
        Box::new(stdlib::Escape),
        Box::new(stdlib::EscapeOnce),
        Box::new(stdlib::Floor),
        Box::new(stdlib::Lstrip),
        Box::new(stdlib::NewlineToBr),
        Box::new(stdlib::Prepend),
        Box::new(stdlib::Remove),
        Box::new(stdlib::RemoveFirst),
        Box::new(stdlib::Replace),
        Box::new(stdlib::ReplaceFirst),
        Box::new(Flattened(Box::new(stdlib::Reverse))),
        Box::new(stdlib::Round),
        Box::new(stdlib::Rstrip),
        Box::new(Flattened(Box::new(stdlib::SortNatural))),
        Box::new(stdlib::Split),
        Box::new(stdlib::Strip),
        Box::new(stdlib::StripHtml),
        Box::new(stdlib::StripNewlines),
        Box::new(stdlib::Truncate),
        Box::new(Flattened(Box::new(stdlib::Uniq))),
        Box::new(stdlib::Upcase),
        Box::new(stdlib::UrlDecode),
        Box::new(stdlib::UrlEncode),
    ];
    for filter in standard_filters {
        language
            .filters
            .register(filter.reflection().name().to_string(), filter);
    }
}
