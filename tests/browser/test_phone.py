"""A visitor on a phone (390 x 844 CSS px, touch): the clinic's number one tap
away at every scroll position, targets of at least 24 x 24 CSS px (WCAG 2.2,
2.5.8), and the form's button as large as the call buttons and never under
the call bar."""

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory, every_block_body
from tests.browser.conftest import serve_on_live_server

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}

# The tel: links whose middle point is on screen and not covered by anything.
TEL_LINKS_IN_VIEW = """
() => [...document.querySelectorAll('a[href^="tel:"]')].filter((link) => {
    const box = link.getBoundingClientRect();
    if (box.width === 0 || box.top < 0 || box.bottom > window.innerHeight) {
        return false;
    }
    const hit = document.elementFromPoint(
        box.left + box.width / 2, box.top + box.height / 2
    );
    return hit !== null && link.contains(hit);
}).map((link) => link.className || link.parentElement.className)
"""

# Every visible control smaller than 24 x 24 CSS px, but links within a line of
# text (WCAG 2.5.8's inline exception) and the honeypot (hidden from everyone).
SMALL_TARGETS = """
() => [...document.querySelectorAll(
    'a[href], button, input:not([type="hidden"]), select, textarea, summary'
)].filter((element) => {
    if (element.closest('.lead-form__hp, .visually-hidden')) return false;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;  // not rendered
    const style = getComputedStyle(element);
    if (element.tagName === 'A' && style.display === 'inline') {
        const line = element.parentElement.textContent.trim();
        if (line.length > element.textContent.trim().length) return false;
    }
    return box.width < 24 || box.height < 24;
}).map((element) => {
    const box = element.getBoundingClientRect();
    const size = `${box.width.toFixed(0)} x ${box.height.toFixed(0)}`;
    return `${element.outerHTML.slice(0, 80)} (${size})`;
})
"""


def scroll_to(page, y):
    """Scroll, then wait for the call bar's script to see where the header is."""
    page.evaluate(
        """(y) => new Promise((done) => {
            window.scrollTo(0, y);
            const later = () => setTimeout(done, 50);
            requestAnimationFrame(() => requestAnimationFrame(later));
        })""",
        y,
    )


@pytest.fixture
def long_post(live_server, truhealing, tal):
    post = BlogPostPageFactory(
        parent=BlogIndexPageFactory(parent=truhealing.home),
        slug="long",
        body=every_block_body(truhealing.site, faq_items=12, testimonials=4, images=4),
    )
    port = serve_on_live_server(live_server, truhealing, tal)
    post.address = f"http://{truhealing.host}:{port}/blog/long/"
    return post


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def test_the_number_is_one_tap_away_at_every_scroll_position(long_post, phone):
    phone.goto(long_post.address)
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height > 5 * 844  # a long post, as the clinics write them

    positions = list(range(0, height, 422)) + [height]
    for y in positions:
        scroll_to(phone, y)
        in_view = phone.evaluate(TEL_LINKS_IN_VIEW)
        assert in_view, f"no call link in view at y={y}"

    # At the top the header's number is in view and the bar steps aside, so it
    # covers nothing there; mid-post the bar keeps the number in view.
    scroll_to(phone, 0)
    at_top = phone.evaluate(TEL_LINKS_IN_VIEW)
    assert "site-header__phone" in at_top
    assert "call-bar__link" not in at_top
    assert phone.locator(".call-bar").is_hidden()
    scroll_to(phone, height // 2)
    assert "call-bar__link" in phone.evaluate(TEL_LINKS_IN_VIEW)
    bar = phone.locator(".call-bar__link")
    assert bar.get_attribute("href") == "tel:+18886439118"
    box = bar.bounding_box()
    assert box["height"] >= 48
    assert box["y"] + box["height"] <= 844


def test_the_call_bar_never_hides_the_end_of_the_page_or_the_submit_button(
    long_post, phone
):
    phone.goto(long_post.address)
    submit = phone.locator(".lead-form button[type=submit]")

    submit.scroll_into_view_if_needed()
    scroll_to(phone, phone.evaluate("window.scrollY"))
    assert submit_is_uncovered(phone)
    # Reached by the keyboard: the browser scrolls it above the bar.
    scroll_to(phone, 0)
    submit.focus()
    scroll_to(phone, phone.evaluate("window.scrollY"))
    assert submit_is_uncovered(phone)

    # At the very end, the last line of the footer sits above the bar.
    scroll_to(phone, phone.evaluate("document.documentElement.scrollHeight"))
    assert phone.locator(".call-bar").is_visible()
    footer_bottom = phone.evaluate(
        "document.querySelector('.site-footer').getBoundingClientRect().bottom"
    )
    bar_top = phone.locator(".call-bar").bounding_box()["y"]
    assert footer_bottom <= bar_top + 0.5


def submit_is_uncovered(page):
    return page.evaluate(
        """() => {
            const button = document.querySelector('.lead-form button[type=submit]');
            const box = button.getBoundingClientRect();
            const points = [
                [box.left + 4, box.top + 4], [box.right - 4, box.bottom - 4]
            ];
            return points.every(([x, y]) => {
                const hit = document.elementFromPoint(x, y);
                return hit !== null && button.contains(hit);
            });
        }"""
    )


def test_targets_are_large_enough_and_the_submit_button_matches_the_call_buttons(
    long_post, phone
):
    phone.goto(long_post.address)

    assert phone.evaluate(SMALL_TARGETS) == []
    call = phone.locator(".cta .contact-buttons .button").first
    submit = phone.locator(".lead-form button[type=submit]")
    font_size = "(element) => getComputedStyle(element).fontSize"
    assert submit.evaluate(font_size) == call.evaluate(font_size) == "17px"
    assert submit.bounding_box()["height"] >= call.bounding_box()["height"]
    radio = phone.locator(".lead-form input[type=radio]").first.bounding_box()
    assert radio["width"] >= 24
    assert radio["height"] >= 24


def test_on_a_wide_screen_the_header_has_the_number_and_there_is_no_bar(
    long_post, browser
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(long_post.address)

    assert page.locator(".call-bar").is_hidden()
    assert page.locator(".site-header__phone").is_visible()
    context.close()
