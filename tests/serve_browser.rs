//! `coldstart serve` in a real browser: headless Chromium driven over W3C WebDriver
//! (chromedriver on 127.0.0.1, JSON over HTTP). Editing files on disk must show in the
//! open page without a manual reload: text (morphed in place: scroll position, an open
//! `<details>`, typed text and a script's output kept), a stylesheet (swapped without a
//! reload), and a build error (an overlay, gone once fixed); a page the edit did not
//! change does nothing.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`scripts/test.sh` installs them);
//! fails loudly when they are missing.

mod common;
use common::browser::Browser;
use common::served::ServedProject;

const POST_FILE: &str = "src/_posts/2023-01-10-first-post.md";

/// What the test post gets beyond the fixture: a page long enough to scroll, a
/// `<details>`, a demo-like text area and an output a script fills.
const INTERACTIVE_PART: &str = "\n<details id=\"more\"><summary>More</summary>\
<p>Hidden until opened.</p></details>\n\n<textarea id=\"demo-input\">typed by the author</textarea>\n\n\
<div id=\"demo-output\">no output yet</div>\n";

fn prepare_long_post(dir: &std::path::Path) {
    let post = dir.join(POST_FILE);
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str(INTERACTIVE_PART);
    for n in 1..=150 {
        text.push_str(&format!(
            "\nFiller paragraph {n}, to make the page scroll.\n"
        ));
    }
    std::fs::write(post, text).unwrap();
}

#[test]
fn an_edited_page_is_morphed_in_place_keeping_what_the_reader_did() {
    let served = ServedProject::start(prepare_long_post);
    let browser = Browser::start();
    browser.open(&format!("{}2023/01/10/first-post/", served.url));
    assert_eq!(
        browser.run("return document.body.innerText.includes('Body text with a')"),
        true
    );
    // What a reader and a demo do to the page: open, type, run, scroll, focus.
    browser.run(
        "document.getElementById('more').open = true;
         const input = document.getElementById('demo-input');
         input.value = 'typed by the reader';
         input.dispatchEvent(new Event('input', { bubbles: true }));
         document.getElementById('demo-output').textContent = 'the function said hi';
         input.focus();
         window.scrollTo(0, 1200);
         window.coldstartTestMarker = 'no reload';",
    );

    served.edit(
        POST_FILE,
        "Body text with a",
        "Live-edited body text with a",
    );
    browser.wait_for(
        "the edited text to appear",
        "return document.body.innerText.includes('Live-edited body text with a')",
    );
    for (what, check) in [
        (
            "the page was reloaded",
            "window.coldstartTestMarker === 'no reload'",
        ),
        (
            "the scroll position moved",
            "Math.abs(window.scrollY - 1200) < 2",
        ),
        (
            "the <details> closed",
            "document.getElementById('more').open",
        ),
        (
            "the typed text was lost",
            "document.getElementById('demo-input').value === 'typed by the reader'",
        ),
        (
            "the script's output was lost",
            "document.getElementById('demo-output').textContent === 'the function said hi'",
        ),
        (
            "the focus moved",
            "document.activeElement === document.getElementById('demo-input')",
        ),
    ] {
        assert_eq!(browser.run(&format!("return {check}")), true, "{what}");
    }

    // What the author changes in the page still applies: an element the reader did
    // not touch shows its new text.
    served.edit(POST_FILE, "Hidden until opened.", "Shown once opened.");
    browser.wait_for(
        "the second edit to appear",
        "return document.getElementById('more').innerText.includes('Shown once opened.')",
    );
    assert_eq!(
        browser.run("return window.coldstartTestMarker"),
        "no reload"
    );
}

#[test]
fn a_page_the_edit_did_not_change_is_left_alone() {
    let served = ServedProject::start(|_| {});
    let browser = Browser::start();
    // Two open pages: the edited post in one window, the about page in another.
    browser.open(&format!("{}2023/01/10/first-post/", served.url));
    browser.run("window.coldstartTestMarker = 'post';");
    let post_window = browser.current_window();
    let about_window = browser.new_window();
    browser.switch_to(&about_window);
    browser.open(&format!("{}about/", served.url));
    // The about page counts the events it is sent (on a second stream of its own) and
    // the fetches and morphs its client makes.
    browser.run(
        "window.coldstartTestMarker = 'about'; window.coldstartMorphs = 0;
         window.coldstartFetches = 0; window.coldstartEvents = 0;
         window.addEventListener('coldstart:morphed', () => window.coldstartMorphs++);
         const fetchBefore = window.fetch;
         window.fetch = (...args) => { window.coldstartFetches++; return fetchBefore(...args); };
         new EventSource('/__coldstart/events')
             .addEventListener('reload', () => window.coldstartEvents++);",
    );

    served.edit(
        POST_FILE,
        "Body text with a",
        "Live-edited body text with a",
    );
    browser.switch_to(&post_window);
    browser.wait_for(
        "the edited text to appear in the post",
        "return document.body.innerText.includes('Live-edited body text with a')",
    );
    assert_eq!(browser.run("return window.coldstartTestMarker"), "post");
    // The about page was told too, and did nothing: no reload, no fetch, no morph.
    browser.switch_to(&about_window);
    browser.wait_for(
        "the about page to receive the event",
        "return window.coldstartEvents >= 1",
    );
    // Its client's handler runs on the same event; give it a moment to (not) act.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        browser.run(
            "return [window.coldstartTestMarker, window.coldstartFetches, window.coldstartMorphs]"
        ),
        serde_json::json!(["about", 0, 0]),
        "the about page was reloaded or refreshed though it did not change"
    );
}

#[test]
fn an_open_page_follows_text_stylesheet_and_error_without_a_manual_reload() {
    let served = ServedProject::start(prepare_long_post);
    let browser = Browser::start();
    browser.open(&format!("{}2023/01/10/first-post/", served.url));
    assert_eq!(
        browser
            .run("return document.body.innerText.includes('The first paragraph is the excerpt.')"),
        true
    );
    browser.run("window.scrollTo(0, 1200); window.coldstartTestMarker = 'no reload yet';");

    // A text edit: the page updates by itself, at the same scroll position.
    served.edit(
        POST_FILE,
        "The first paragraph",
        "The live-edited first paragraph",
    );
    browser.wait_for(
        "the edited text to appear",
        "return document.body.innerText.includes('The live-edited first paragraph')",
    );
    assert_eq!(
        browser.run("return window.coldstartTestMarker"),
        "no reload yet",
        "the page was reloaded, not morphed"
    );
    browser.wait_for(
        "the scroll position to be restored",
        "return Math.abs(window.scrollY - 1200) < 2",
    );

    // A stylesheet edit: swapped in place, no reload. (The probe theme links no
    // stylesheet, so the test adds the link.)
    browser.run(
        "const link = document.createElement('link'); link.rel = 'stylesheet';
         link.href = '/blog/assets/theme.css'; document.head.appendChild(link);
         window.coldstartTestMarker = 'css';",
    );
    browser.wait_for(
        "the theme stylesheet to apply",
        "return getComputedStyle(document.body).color === 'rgb(0, 0, 0)'",
    );
    served.write(
        "theme/static/assets/theme.css",
        "body { color: rgb(1, 2, 3); }\n",
    );
    browser.wait_for(
        "the edited stylesheet to apply",
        "return getComputedStyle(document.body).color === 'rgb(1, 2, 3)'",
    );
    assert_eq!(
        browser.run("return window.coldstartTestMarker"),
        "css",
        "a stylesheet change must not reload the page"
    );

    // A broken build: an overlay over the last good page, gone once fixed.
    served.edit(POST_FILE, "title: First Post", "title: [broken");
    browser.wait_for(
        "the error overlay",
        "const o = document.getElementById('coldstart-error-overlay');
         return !!o && o.shadowRoot.textContent.includes('Build failed')
             && o.shadowRoot.textContent.includes('2023-01-10-first-post.md')
             && !!o.shadowRoot.querySelector('[role=alertdialog]');",
    );
    served.edit(POST_FILE, "title: [broken", "title: First Post");
    browser.wait_for(
        "the overlay to go after the fix",
        "return document.readyState === 'complete'
             && !document.getElementById('coldstart-error-overlay')
             && document.body.innerText.includes('The live-edited first paragraph')",
    );
}
