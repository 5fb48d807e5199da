import datetime
from dataclasses import dataclass

CARD_RENDITION = "fill-480x270|format-webp"


@dataclass(frozen=True)
class Card:
    """What a listing shows of a post: plain values, so lists of cards can be
    cached."""

    title: str
    url: str
    date: datetime.date
    intro: str
    image: dict | None

    @classmethod
    def from_post(cls, post, request=None):
        return cls(
            title=post.title,
            url=post.get_url(request),
            date=post.date_published,
            intro=post.intro,
            image=card_image(post),
        )


def card_image(post):
    if not post.hero_image:
        return None
    rendition = post.hero_image.get_rendition(CARD_RENDITION)
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": post.hero_image_alt,
    }
