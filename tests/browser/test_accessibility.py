"""What a reader with a keyboard or a screen reader meets on the public pages."""

import pytest

# serialized_rollback restores what migrations created (root page, groups) after
# each transactional test flushes the database.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# WCAG 2.x relative luminance and contrast ratio, computed in the page on the
# colours the browser actually resolved (background walks up to the first opaque one).
CONTRAST_JS = """
(selector) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(selector)]
    .filter((el) => el.offsetParent !== null && el.textContent.trim())
    .map((el) => {
      const fg = lum(parse(getComputedStyle(el).color).slice(0, 3));
      const bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      return [el.tagName + ':' + el.textContent.trim().slice(0, 30), ratio];
    });
}
"""

UNLABELLED_JS = """
() => [...document.querySelectorAll('input, textarea, select')]
  .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.name)
"""


@pytest.fixture
def article_url(live_server):
    from news.demo import load_articles

    articles = load_articles()
    return next(a for a in articles if a.dateline == "Palopo").url


@pytest.mark.parametrize("path", ["/", "/berita/", "article", "/cari/?q=inovasi"])
def test_public_pages_have_labels_alt_text_and_aa_contrast(web, article_url, path):
    web.goto(article_url if path == "article" else path)
    assert web.locator("html").get_attribute("lang") == "id"
    assert web.locator("h1").count() == 1
    assert web.locator("img:not([alt])").count() == 0
    assert web.evaluate(UNLABELLED_JS) == []
    low = [
        (what, round(ratio, 2))
        for what, ratio in web.evaluate(
            CONTRAST_JS, "p, a, li, h1, h2, h3, label, button, time"
        )
        if ratio < 4.5
    ]
    assert low == []


def test_keyboard_reader_can_skip_to_the_content_and_search(web, article_url):
    web.goto(article_url)
    web.keyboard.press("Tab")
    focused = web.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Langsung ke isi"
    web.keyboard.press("Enter")
    assert web.evaluate("document.activeElement.id") == "konten"
    web.get_by_label("Cari berita").focus()
    web.keyboard.type("jambore")
    web.keyboard.press("Enter")
    web.wait_for_url("**/cari/?q=jambore")
    assert "Wagub Buka Jambore" in web.locator("main").inner_text()
