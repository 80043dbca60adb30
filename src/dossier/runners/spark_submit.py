"""Entry point for ``spark-submit``: the ``dossier spark`` command as a script.

``spark-submit [options] $(python -c 'import dossier.runners.spark_submit as m;
print(m.__file__)') SOURCE… --output OUT`` (docs/scaling.md has a worked example). Under
``spark-submit`` the master and settings come from it; ``--master`` is not needed.
"""

from __future__ import annotations

from dossier.runners.commands import spark_command


def main() -> None:
    spark_command(prog_name="dossier-spark")


if __name__ == "__main__":
    main()
