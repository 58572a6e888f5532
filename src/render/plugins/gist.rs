//! jekyll-gist's `{% gist ID [FILE] %}`: the script that embeds a GitHub gist.
//!
//! The plugin also fetches the gist's code over the network for a `<noscript>`
//! copy. coldstart builds offline, as Jekyll does when GitHub cannot be reached:
//! the script alone, with the plugin's warning (unless `gist: noscript: false`
//! turns the copy off, as the plugin allows).

use std::io::Write;

use liquid_core::{
    Error, Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter,
};

use super::value_or_name;
use crate::render::liquid::{decode_tag_markup, warn_at};

/// Parses the `gist` tag.
#[derive(Clone, Debug)]
pub(crate) struct GistTag {
    /// Whether the site wants the `<noscript>` copy (then its absence is warned).
    pub(crate) noscript: bool,
}

impl TagReflection for GistTag {
    fn tag(&self) -> &str {
        "gist"
    }

    fn description(&self) -> &str {
        "jekyll-gist: embeds a GitHub gist."
    }
}

/// A parsed `gist` tag.
#[derive(Debug)]
struct Gist {
    line: usize,
    id: String,
    file: String,
    noscript: bool,
}

impl ParseTag for GistTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (line, markup) = decode_tag_markup(&mut arguments)?;
        let (id, file) = arguments_of(markup.trim()).ok_or_else(|| {
            Error::with_msg(format!(
                "Syntax error in tag 'gist' while parsing `{}`; valid syntax: \
                 {{% gist user/1234567 %}}, {{% gist user/1234567 foo.js %}}",
                markup.trim()
            ))
        })?;
        Ok(Box::new(Gist {
            line,
            id,
            file,
            noscript: self.noscript,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// The gist and file of the markup, as the plugin's pattern
/// `\A([\S]+|.*(?=\/).+)\s?(\S*)\Z` reads them: one word and an optional second;
/// with more words, the last is the file and the rest (holding a `/`) the gist.
fn arguments_of(markup: &str) -> Option<(String, String)> {
    let words: Vec<&str> = markup.split_whitespace().collect();
    match words.as_slice() {
        [id] => Some((id.to_string(), String::new())),
        [id, file] => Some((id.to_string(), file.to_string())),
        [.., file] if markup.contains('/') => {
            let id = markup[..markup.len() - file.len()].trim_end();
            Some((id.to_string(), file.to_string()))
        }
        _ => None,
    }
}

impl Renderable for Gist {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let id = value_or_name(runtime, &self.id);
        let file = value_or_name(runtime, &self.file);
        if self.noscript {
            warn_at(
                runtime,
                self.line,
                format!(
                    "the <noscript> copy of gist {id} is not made (coldstart does not fetch \
                     gists); readers without JavaScript will not see it"
                ),
            );
        }
        let mut url = format!("https://gist.github.com/{id}.js");
        if !file.is_empty() {
            url.push_str(&format!("?file={file}"));
        }
        write!(writer, "<script src=\"{url}\"> </script>")
            .map_err(|e| Error::with_msg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_read_as_the_plugin_reads_them() {
        let read = |markup| arguments_of(markup).map(|(a, b)| format!("{a}|{b}"));
        assert_eq!(read("5555251"), Some("5555251|".into()));
        assert_eq!(read("parkr/931c 1.md"), Some("parkr/931c|1.md".into()));
        assert_eq!(read("a/b c d.md"), Some("a/b c|d.md".into()));
        assert_eq!(read("a b c"), None);
    }
}
