//! The stylesheet for Rouge's short classes, coloured by bat's themes.

use super::*;

/// The stylesheet for Rouge's short classes (`.highlight .k`, ...) and Jekyll's code
/// containers.
///
/// Each class is coloured as the theme colours a representative scope
/// ([`CLASS_STYLE_SCOPES`]); every colour keeps a WCAG contrast of at least 4.5:1 on its
/// palette's background (a test checks). The rules sit under `.highlight`, so they apply in
/// both `div.highlight` and `figure.highlight`.
///
/// The light palette (Coldark-Cold) applies by default. The dark one (Coldark-Dark) applies
/// under `@media (prefers-color-scheme: dark)` unless the root element has
/// `data-theme="light"`, and whenever the root element has `data-theme="dark"`, so a theme
/// toggle can force either. Each palette sets the background and foreground of
/// `pre.highlight` and `figure.highlight pre`.
pub fn stylesheet() -> String {
    let light = THEME_SET.get(LIGHT_THEME);
    let dark = THEME_SET.get(DARK_THEME);
    format!(
        "/* Code highlighting by coldstart: {light_name} by default, {dark_name} when the \
         system prefers dark (unless data-theme=\"light\") or the root has data-theme=\"dark\". */\n\
         {light_rules}\
         @media (prefers-color-scheme: dark) {{\n{system_dark_rules}}}\n\
         {forced_dark_rules}",
        light_name = LIGHT_THEME.as_name(),
        dark_name = DARK_THEME.as_name(),
        light_rules = palette_css(light, None),
        system_dark_rules = palette_css(dark, Some(SYSTEM_DARK_ROOT)),
        forced_dark_rules = palette_css(dark, Some(FORCED_DARK_ROOT)),
    )
}

/// For each short class the stylesheet colours, the scope whose theme style it gets.
pub(super) const CLASS_STYLE_SCOPES: &[(&str, &str)] = &[
    ("c", "comment"),
    ("c1", "comment.line"),
    ("cm", "comment.block"),
    ("cd", "comment.block.documentation"),
    ("cp", "keyword.control.import"),
    ("s", "string"),
    ("s1", "string.quoted.single"),
    ("s2", "string.quoted.double"),
    ("sr", "string.regexp"),
    ("sh", "string.unquoted.heredoc"),
    ("sx", "string.other"),
    ("ni", "constant.character.entity"),
    ("dl", "string"),
    ("sa", "storage.type.string"),
    ("sc", "constant.character"),
    ("se", "constant.character.escape"),
    ("si", "punctuation.section.embedded"),
    ("m", "constant.numeric"),
    ("mi", "constant.numeric.integer"),
    ("mf", "constant.numeric.float"),
    ("mh", "constant.numeric.integer.hexadecimal"),
    ("mo", "constant.numeric.integer.octal"),
    ("mb", "constant.numeric.integer.binary"),
    ("kc", "constant.language"),
    ("no", "constant.other"),
    ("k", "keyword"),
    ("kd", "storage.type.function"),
    ("kn", "keyword.control.import"),
    ("kt", "storage.type"),
    ("o", "keyword.operator"),
    ("ow", "keyword.operator.word"),
    ("n", "variable.other"),
    ("nf", "entity.name.function"),
    ("nb", "support.function"),
    ("nc", "entity.name.type.class"),
    ("nn", "entity.name.namespace"),
    ("nt", "entity.name.tag"),
    ("na", "entity.other.attribute-name"),
    ("nl", "variable.other"),
    ("nv", "variable.other.readwrite"),
    ("py", "variable.other.member"),
    ("vi", "variable.other.readwrite.instance"),
    ("vc", "variable.other.readwrite.class"),
    ("vg", "variable.other.readwrite.global"),
    ("bp", "variable.language"),
    ("nd", "entity.other.attribute-name"),
    ("p", "punctuation"),
    ("gh", "markup.heading"),
    ("gu", "markup.changed"),
    ("gi", "markup.inserted"),
    ("gd", "markup.deleted"),
    ("gs", "markup.bold"),
    ("ge", "markup.italic"),
    ("err", "invalid"),
];

/// One palette's rules for `theme`, each selector under `root` if given: the background
/// and foreground of [`CODE_CONTAINER_SELECTORS`], then one rule per short class.
pub(super) fn palette_css(theme: &Theme, root: Option<&str>) -> String {
    let scoped = |selector: &str| match root {
        Some(root) => format!("{root} {selector}"),
        None => selector.to_owned(),
    };
    let (foreground, background) = theme_colors(theme);
    let containers: Vec<String> = CODE_CONTAINER_SELECTORS.split(", ").map(scoped).collect();
    let mut css = format!(
        "{} {{ color: {}; background-color: {}; }}\n",
        containers.join(", "),
        css_color(foreground, background),
        css_color(background, background),
    );
    let highlighter = Highlighter::new(theme);
    for &(class, scope) in CLASS_STYLE_SCOPES {
        let style = class_style(&highlighter, scope);
        let mut declarations = format!("color: {};", css_color(style.foreground, background));
        if style.font_style.contains(FontStyle::BOLD) {
            declarations.push_str(" font-weight: bold;");
        }
        if style.font_style.contains(FontStyle::ITALIC) {
            declarations.push_str(" font-style: italic;");
        }
        if style.font_style.contains(FontStyle::UNDERLINE) {
            declarations.push_str(" text-decoration: underline;");
        }
        css.push_str(&format!(
            "{} {{ {declarations} }}\n",
            scoped(&format!(".highlight .{class}"))
        ));
    }
    css
}

/// A theme's default foreground and background.
pub(super) fn theme_colors(theme: &Theme) -> (Color, Color) {
    (
        theme.settings.foreground.unwrap_or(Color::BLACK),
        theme.settings.background.unwrap_or(Color::WHITE),
    )
}

/// The theme style of a token whose innermost scope is `scope`.
pub(super) fn class_style(highlighter: &Highlighter<'_>, scope: &str) -> Style {
    let scope = Scope::new(scope).expect("CLASS_STYLE_SCOPES holds valid scopes");
    highlighter.style_for_stack(&[scope])
}

/// `color` as CSS `#rrggbb`, blended onto `background` if translucent.
pub(super) fn css_color(color: Color, background: Color) -> String {
    let (r, g, b) = opaque_rgb(color, background);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `color` blended onto `background` by its alpha.
pub(super) fn opaque_rgb(color: Color, background: Color) -> (u8, u8, u8) {
    let alpha = u32::from(color.a);
    let blend = |front: u8, back: u8| {
        ((u32::from(front) * alpha + u32::from(back) * (255 - alpha) + 127) / 255) as u8
    };
    (
        blend(color.r, background.r),
        blend(color.g, background.g),
        blend(color.b, background.b),
    )
}
