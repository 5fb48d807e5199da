"""Blog blocks validate and render without the database."""

from django.core.exceptions import ValidationError

import pytest

from blog.blocks import CalloutBlock, FAQBlock, ListStructBlock, QuoteBlock


def test_numbered_list_renders_an_ordered_list():
    block = ListStructBlock()
    value = block.to_python({"style": "numbered", "items": ["One", "<b>Two</b>"]})

    html = block.render(value).strip()

    assert html == '<ol class="list"><li>One</li><li>&lt;b&gt;Two&lt;/b&gt;</li></ol>'


def test_bulleted_list_needs_an_item():
    block = ListStructBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"style": "bulleted", "items": []}))


def test_pull_quote_renders_large_with_attribution():
    block = QuoteBlock()
    value = block.to_python(
        {"quote": "Come back.", "attribution": "IOP Client", "style": "pull"}
    )

    html = block.render(value)

    assert '<figure class="quote quote--pull">' in html
    assert "<figcaption>IOP Client</figcaption>" in html


def test_figures_need_a_source():
    block = CalloutBlock()
    value = block.to_python(
        {"heading": "Stats", "stats": [{"value": "40%", "label": "x"}], "source": ""}
    )

    with pytest.raises(ValidationError) as error:
        block.clean(value)

    assert error.value.block_errors["source"].message == (
        "Say where these figures come from."
    )


def test_callout_needs_figures_or_text():
    block = CalloutBlock()

    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"heading": "Empty", "stats": [], "text": ""}))

    assert error.value.block_errors["text"].message == "Add figures or text."


def test_faq_needs_a_set_or_questions():
    block = FAQBlock()

    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"heading": "FAQ", "faq_set": None, "items": []}))

    assert error.value.block_errors["items"].message == (
        "Choose an FAQ set or add questions."
    )


def test_faq_renders_disclosures_without_javascript():
    block = FAQBlock()
    value = block.to_python(
        {
            "heading": "FAQ",
            "faq_set": None,
            "items": [{"question": "Can I return?", "answer": "<p>Yes.</p>"}],
        }
    )

    html = block.render(value, context={"clinic": None})

    assert "<summary>Can I return?</summary>" in html
    assert '<div class="faq__answer rich-text"><p>Yes.</p></div>' in html
    assert "<script" not in html
