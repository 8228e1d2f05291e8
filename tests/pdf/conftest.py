import pytest


@pytest.fixture(autouse=True)
def pdf_media(settings, tmp_path):
    """Each PDF test stores its copies (and logos) in its own media folder, so no
    test is served a copy another one rendered."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
