//! kramdown's `{:toc}`: the list it marks is replaced by nested lists of links to the
//! headings (`converter/html.rb` `generate_toc_tree`).

use super::ial::Attributes;
use crate::render::escape::escape_attribute;

/// A heading that goes into a `{:toc}` list.
#[derive(Debug, Clone)]
pub(super) struct TocHeading {
    pub level: u8,
    pub id: String,
    /// The heading's content HTML with links and footnote references removed.
    pub html: String,
}

/// One node of the nested list.
struct Node<'a> {
    heading: &'a TocHeading,
    children: Vec<Node<'a>>,
}

/// Renders the TOC list (`ul` or `ol`) with the list's own attributes; its id defaults
/// to `markdown-toc` and prefixes every link's id.
pub(super) fn render(headings: &[TocHeading], ordered: bool, attributes: &Attributes) -> String {
    let mut attributes = attributes.clone();
    let list_id = attributes
        .id
        .get_or_insert_with(|| "markdown-toc".to_string())
        .clone();
    let tag = if ordered { "ol" } else { "ul" };
    let mut html = format!("<{tag}{}>\n", attributes.to_html());
    render_nodes(&nest(headings), tag, &list_id, &mut html);
    html.push_str(&format!("</{tag}>\n"));
    html
}

/// Nests each heading under the closest earlier heading of a smaller level.
fn nest(headings: &[TocHeading]) -> Vec<Node<'_>> {
    let mut roots: Vec<Node> = Vec::new();
    for heading in headings {
        let mut siblings = &mut roots;
        while siblings
            .last()
            .is_some_and(|last| last.heading.level < heading.level)
        {
            siblings = &mut siblings.last_mut().expect("checked above").children;
        }
        siblings.push(Node {
            heading,
            children: Vec::new(),
        });
    }
    roots
}

fn render_nodes(nodes: &[Node], tag: &str, list_id: &str, html: &mut String) {
    for node in nodes {
        let id = escape_attribute(&node.heading.id);
        html.push_str(&format!(
            "<li><a href=\"#{id}\" id=\"{}-{id}\">{}</a>",
            escape_attribute(list_id),
            node.heading.html
        ));
        if !node.children.is_empty() {
            html.push_str(&format!("\n<{tag}>\n"));
            render_nodes(&node.children, tag, list_id, html);
            html.push_str(&format!("</{tag}>\n"));
        }
        html.push_str("</li>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str) -> TocHeading {
        TocHeading {
            level,
            id: id.to_string(),
            html: id.to_uppercase(),
        }
    }

    #[test]
    fn nests_like_kramdown() {
        // Structure observed from kramdown 2.4: h1, h2, h2, h4 (nested directly under
        // the h2), then h1 and h2 again.
        let headings = [
            heading(1, "a"),
            heading(2, "b"),
            heading(2, "c"),
            heading(4, "d"),
            heading(1, "e"),
        ];
        assert_eq!(
            render(&headings, false, &Attributes::default()),
            concat!(
                "<ul id=\"markdown-toc\">\n",
                "<li><a href=\"#a\" id=\"markdown-toc-a\">A</a>\n<ul>\n",
                "<li><a href=\"#b\" id=\"markdown-toc-b\">B</a></li>\n",
                "<li><a href=\"#c\" id=\"markdown-toc-c\">C</a>\n<ul>\n",
                "<li><a href=\"#d\" id=\"markdown-toc-d\">D</a></li>\n",
                "</ul>\n</li>\n</ul>\n</li>\n",
                "<li><a href=\"#e\" id=\"markdown-toc-e\">E</a></li>\n",
                "</ul>\n"
            )
        );
    }
}
