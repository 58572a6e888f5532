//! jekyll-avatar's `{% avatar NAME %}` / `{% avatar user=VARIABLE size=N lazy=true %}`:
//! the `<img>` of a GitHub user's avatar, with the plugin's attributes in its order.

use std::io::Write;
use std::sync::LazyLock;

use liquid_core::{
    Error, Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter, Template,
};
use regex::Regex;

use super::value_or_name;
use crate::render::liquid::decode_tag_markup;

/// How many avatar hosts GitHub spreads images over (`avatars0` … `avatars3`).
const SERVERS: u32 = 4;
/// The size when the tag gives none.
const DEFAULT_SIZE: &str = "40";
/// Below this size the image gets the small-avatar class.
const SMALL_BELOW: u32 = 48;

/// Parses the `avatar` tag.
#[derive(Clone, Debug)]
pub(crate) struct AvatarTag;

impl TagReflection for AvatarTag {
    fn tag(&self) -> &str {
        "avatar"
    }

    fn description(&self) -> &str {
        "jekyll-avatar: a GitHub user's avatar image."
    }
}

/// A parsed `avatar` tag.
#[derive(Debug)]
struct Avatar {
    /// The markup, rendered as Liquid before it is read (as the plugin does).
    markup: Template,
    /// `size=N` as written, else the default.
    size: String,
    /// `user=VARIABLE`: the variable holding the user name.
    user_variable: Option<String>,
}

impl ParseTag for AvatarTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        static SIZE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)\bsize=(\d+)\b").expect("valid regex"));
        static USER: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\buser=([\w.]+)\b").expect("valid regex"));
        let (_, markup) = decode_tag_markup(&mut arguments)?;
        let markup = markup.trim();
        Ok(Box::new(Avatar {
            markup: Template::new(liquid_core::parser::parse(markup, options)?),
            size: SIZE
                .captures(markup)
                .map_or(DEFAULT_SIZE.to_string(), |c| c[1].to_string()),
            user_variable: USER.captures(markup).map(|c| c[1].to_string()),
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

impl Renderable for Avatar {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let text = self.markup.render(runtime)?;
        let username = match &self.user_variable {
            Some(variable) => value_or_name(runtime, variable),
            None => {
                let first = text.split_whitespace().next().unwrap_or_default();
                first.strip_prefix('@').unwrap_or(first).to_string()
            }
        };
        let html = image(&username, &self.size, text.contains("lazy=true"));
        write!(writer, "{html}").map_err(|e| Error::with_msg(e.to_string()))
    }
}

/// The plugin's `<img>` for `username` at `size` pixels (`lazy`: the URLs in
/// `data-` attributes for a lazy loader).
fn image(username: &str, size: &str, lazy: bool) -> String {
    let pixels: u32 = size.parse().unwrap_or(0);
    let path = |scale: u32| format!("{username}?v=3&s={}", pixels * scale);
    let host = format!(
        "https://avatars{}.githubusercontent.com",
        crc32(path(1).as_bytes()) % SERVERS
    );
    let url = |scale: u32| format!("{host}/{}", path(scale));
    let srcset = (1..=4)
        .map(|scale| format!("{} {scale}x", url(scale)))
        .collect::<Vec<_>>()
        .join(", ");
    let class = if pixels < SMALL_BELOW {
        "avatar avatar-small"
    } else {
        "avatar"
    };
    let sources = if lazy {
        format!("src=\"\" data-src=\"{}\" data-srcset=\"{srcset}\"", url(1))
    } else {
        format!("src=\"{}\" srcset=\"{srcset}\"", url(1))
    };
    format!(
        "<img class=\"{class}\" alt=\"{username}\" width=\"{size}\" height=\"{size}\" data-proofer-ignore=\"true\" {sources} />"
    )
}

/// CRC-32 (IEEE, as zlib's `crc32`), which picks the avatar server.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_zlibs() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn images_carry_the_plugins_attributes() {
        // Observed with jekyll-avatar 0.8 (Debian) under Jekyll 4.3.1.
        let html = image("hubot", "40", false);
        assert!(html.starts_with("<img class=\"avatar avatar-small\" alt=\"hubot\" width=\"40\" height=\"40\" data-proofer-ignore=\"true\" src=\"https://avatars"), "{html}");
        assert!(
            html.contains(".githubusercontent.com/hubot?v=3&s=160 4x\" />"),
            "{html}"
        );
        let lazy = image("hubot", "48", true);
        assert!(lazy.starts_with("<img class=\"avatar\" "), "{lazy}");
        assert!(
            lazy.contains("src=\"\" data-src=\"https://avatars"),
            "{lazy}"
        );
    }
}
