from __future__ import annotations

import types

import dossier


def test_public_api_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name in dir(dossier)
        if not name.startswith("_") and not isinstance(getattr(dossier, name), types.ModuleType)
    }
    assert set(dossier.__all__) - {"__version__"} == public


def test_error_tree_lets_callers_catch_a_missing_input_as_file_not_found() -> None:
    from dossier.errors import InputError, MissingInputError

    err = MissingInputError("x.txt", "no such file", "check the path")
    assert isinstance(err, FileNotFoundError) and isinstance(err, InputError)
    assert str(err) == "x.txt: no such file — check the path"
