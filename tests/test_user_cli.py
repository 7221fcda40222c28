"""`tracker user`: the hub's people, from the command line (the pages are in
tests/test_web_server.py)."""

from __future__ import annotations

from pathlib import Path

from tests.cli import tracker

PASSWORD = "een lang genoeg wachtwoord"


def add(data: Path, name: str, role: str = "patient") -> tuple[int, str]:
    done = tracker("user", "add", name, "--role", role, "--password-stdin",
                   "--data-dir", data, input=PASSWORD + "\n")  # fmt: skip
    return done.returncode, done.stderr


def test_the_first_user_makes_the_store_in_an_empty_directory(tmp_path: Path) -> None:
    """As the hub page's contract runs it: a directory made for the data, then `user add`
    and `tracker web` on it."""
    data = tmp_path / "hub"
    data.mkdir()
    assert add(data, "anna") == (0, "")
    assert (data / "tracker.db").exists()
    listed = tracker("user", "list", "--data-dir", data)
    assert listed.returncode == 0 and "anna" in listed.stdout


def test_a_mistyped_directory_is_refused_and_not_made(tmp_path: Path) -> None:
    code, err = add(tmp_path / "typo", "anna")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "tracker init" in err
    assert not (tmp_path / "typo").exists()
    listed = tracker("user", "list", "--data-dir", tmp_path / "empty-list")
    assert listed.returncode == 1 and not (tmp_path / "empty-list").exists()
    (tmp_path / "empty").mkdir()
    # Only adding the first user makes a store; listing an empty directory says so.
    listed = tracker("user", "list", "--data-dir", tmp_path / "empty")
    assert listed.returncode == 1 and "tracker init" in listed.stderr
    assert not any((tmp_path / "empty").iterdir())
