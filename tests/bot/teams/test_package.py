"""`cspbot teams-package`: a zip Teams accepts, built by the real command."""

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.teams.package import MANIFEST_VERSION, problems

CLIENT = "11111111-2222-4333-8444-555555555555"


def build(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "cspbot-teams.zip"
    result = CliRunner().invoke(app, ["teams-package", "-o", str(target), *args])
    assert result.exit_code == 0, result.output
    return target


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGBA bytes) of an unfiltered 8-bit RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour) == (8, 6)
    idat, offset = b"", 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * 4
    rows = [raw[y * stride + 1 : (y + 1) * stride] for y in range(height)]
    return width, height, rows


def test_the_package_holds_a_valid_manifest_and_both_icons_at_its_root(tmp_path: Path) -> None:
    with zipfile.ZipFile(build(tmp_path, "--client-id", CLIENT)) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color = read_png(archive.read("color.png"))
        outline = read_png(archive.read("outline.png"))
    assert problems(manifest) == []
    assert manifest["manifestVersion"] == MANIFEST_VERSION
    assert float(MANIFEST_VERSION) >= 1.25
    assert manifest["$schema"].endswith(f"/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json")
    assert manifest["id"] == CLIENT
    (bot,) = manifest["bots"]
    assert bot["botId"] == CLIENT
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert color[:2] == (192, 192)
    assert outline[:2] == (32, 32)
    alphas = {row[x + 3] for row in outline[2] for x in range(0, len(row), 4)}
    assert alphas == {0, 255}  # transparent background, opaque white outline
    colours = {row[x : x + 3] for row in outline[2] for x in range(0, len(row), 4) if row[x + 3]}
    assert colours == {b"\xff\xff\xff"}


def test_the_client_id_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEAMS_CLIENT_ID", CLIENT)
    with zipfile.ZipFile(build(tmp_path)) as archive:
        assert json.loads(archive.read("manifest.json"))["bots"][0]["botId"] == CLIENT


def test_without_a_client_id_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEAMS_CLIENT_ID", raising=False)
    target = tmp_path / "out.zip"
    result = CliRunner().invoke(app, ["teams-package", "-o", str(target)])
    assert result.exit_code == 1
    assert "TEAMS_CLIENT_ID" in result.output
    assert not target.exists()


def test_a_bad_detail_is_refused_with_what_is_wrong(tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    result = CliRunner().invoke(
        app,
        ["teams-package", "-o", str(target), "--client-id", CLIENT, "--privacy", "http://x"],
    )
    assert result.exit_code == 1
    assert "developer.privacyUrl must be an https:// web address" in result.output
    assert not target.exists()


def test_the_checker_finds_missing_and_overlong_fields() -> None:
    found = problems({"manifestVersion": "1.25", "name": {"short": "x" * 31}})
    assert "id is missing" in found and "accentColor is missing" in found
    assert "name.short is longer than 30 characters" in found
