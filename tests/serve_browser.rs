//! `coldstart serve` in a real browser: headless Chromium driven over W3C WebDriver
//! (chromedriver on 127.0.0.1, JSON over HTTP). Editing files on disk must show in the
//! open page without a manual reload: text (scroll position kept), a stylesheet
//! (swapped without a reload), and a build error (an overlay, gone once fixed).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`scripts/test.sh` installs them);
//! fails loudly when they are missing.

mod common;
use common::browser::Browser;
use common::served::ServedProject;

const POST_FILE: &str = "src/_posts/2023-01-10-first-post.md";

#[test]
fn an_open_page_follows_edits_without_a_manual_reload() {
    let served = ServedProject::start(|dir| {
        let post = dir.join(POST_FILE);
        let mut text = std::fs::read_to_string(&post).unwrap();
        for n in 1..=150 {
            text.push_str(&format!(
                "\nFiller paragraph {n}, to make the page scroll.\n"
            ));
        }
        std::fs::write(post, text).unwrap();
    });
    let browser = Browser::start();
    browser.open(&format!("{}2023/01/10/first-post/", served.url));
    assert_eq!(
        browser
            .run("return document.body.innerText.includes('The first paragraph is the excerpt.')"),
        true
    );
    browser.run("window.scrollTo(0, 1200); window.coldstartTestMarker = 'no reload yet';");

    // A text edit: the page reloads by itself, at the same scroll position.
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
        browser.run("return window.coldstartTestMarker === undefined"),
        true,
        "the page was reloaded"
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
