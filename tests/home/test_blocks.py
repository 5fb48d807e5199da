"""Blocks render and validate without the database."""

from django.core.exceptions import ValidationError

import pytest

from home.blocks import CallToActionBlock, HeadingBlock, ParagraphBlock


def test_heading_renders_its_level_with_an_anchor():
    block = HeadingBlock()

    h2 = block.render(block.to_python({"text": "Will I start over?", "level": "h2"}))
    h3 = block.render(block.to_python({"text": "Insurance", "level": "h3"}))

    assert h2.strip() == '<h2 id="will-i-start-over">Will I start over?</h2>'
    assert h3.strip() == '<h3 id="insurance">Insurance</h3>'


def test_heading_text_is_escaped():
    block = HeadingBlock()

    html = block.render(block.to_python({"text": "<script>x</script>", "level": "h2"}))

    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_heading_is_required_and_short():
    block = HeadingBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "", "level": "h2"}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "x" * 121, "level": "h2"}))


def test_paragraph_allows_only_inline_formatting():
    assert ParagraphBlock().features == ["bold", "italic", "link", "document-link"]


def test_call_to_action_without_clinic_or_contact_page_renders_no_broken_links():
    block = CallToActionBlock()
    value = block.to_python({"heading": "Ready?", "text": "Call us."})

    html = block.render(value, context={"clinic": None})

    assert "<h2>Ready?</h2>" in html
    assert 'href=""' not in html
    assert "tel:" not in html
