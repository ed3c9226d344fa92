"""Video links that become click-to-load embeds.

We never ask the video host anything (no oEmbed, no thumbnail): the page shows our own
poster and a button, and only a click puts the host's player in an iframe. So the URL is
parsed here, offline, and only hosts we know how to embed privately are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{6,12}$")


@dataclass(frozen=True)
class Video:
    provider: str  # the host's name as people know it, shown in the notice
    provider_domain: str
    video_id: str
    embed_url: str  # the player, loaded only after the click
    watch_url: str  # the host's own page, for people who prefer not to embed


# Frame sources the content security policy must allow on a page with a video.
EMBED_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


def parse_video_url(url: str) -> Video | None:
    """The embeddable video behind a YouTube or Vimeo link, or None for anything else."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if segments[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            video_id = segments[1]
    elif host == "youtu.be" and segments:
        video_id = segments[0]
    if video_id:
        if not _YOUTUBE_ID.match(video_id):
            return None
        return Video(
            provider="YouTube",
            provider_domain="youtube.com",
            video_id=video_id,
            embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
            watch_url=f"https://www.youtube.com/watch?v={video_id}",
        )
    if host in {"vimeo.com", "player.vimeo.com"}:
        candidates = [segment for segment in segments if _VIMEO_ID.match(segment)]
        if candidates:
            video_id = candidates[0]
            return Video(
                provider="Vimeo",
                provider_domain="vimeo.com",
                video_id=video_id,
                embed_url=f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1",
                watch_url=f"https://vimeo.com/{video_id}",
            )
    return None
