from __future__ import annotations

import pytest

from chorus.news.video import parse_video_url


@pytest.mark.parametrize(
    ("url", "provider", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=Rl5tSpk2Q9E",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/Rl5tSpk2Q9E?autoplay=1",
        ),
        (
            "https://youtu.be/Rl5tSpk2Q9E?t=30",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/Rl5tSpk2Q9E?autoplay=1",
        ),
        (
            "https://m.youtube.com/shorts/Rl5tSpk2Q9E",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/Rl5tSpk2Q9E?autoplay=1",
        ),
        ("https://vimeo.com/123456789", "Vimeo", "https://player.vimeo.com/video/123456789?autoplay=1&dnt=1"),
        (
            "https://player.vimeo.com/video/123456789",
            "Vimeo",
            "https://player.vimeo.com/video/123456789?autoplay=1&dnt=1",
        ),
    ],
)
def test_known_hosts_become_private_embeds(url: str, provider: str, embed: str) -> None:
    video = parse_video_url(url)
    assert video is not None
    assert video.provider == provider
    assert video.embed_url == embed


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/video.mp4",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=Rl5tSpk2Q9E%22onload",
        "https://evil.example/youtube.com/watch?v=Rl5tSpk2Q9E",
        "not a url",
    ],
)
def test_anything_else_is_refused(url: str) -> None:
    assert parse_video_url(url) is None
