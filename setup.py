"""The package list for setuptools; everything else is in pyproject.toml.

rules/ and assets/ stay at the top of the source tree, where councils and rule authors find them,
and are installed inside the package as ``isp_wizard.shipped_rules`` and
``isp_wizard.shipped_assets`` (read with importlib.resources), in wheels and editable installs alike.
Their subfolders are listed as packages too, as setuptools wants for folders of package data.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

SHIPPED = {"isp_wizard.shipped_rules": "rules", "isp_wizard.shipped_assets": "assets"}


def data_packages(package: str, folder: str) -> list[str]:
    root = Path(__file__).resolve().parent / folder
    subfolders = (p.relative_to(root).parts for p in sorted(root.rglob("*")) if p.is_dir())
    return [package, *(".".join((package, *parts)) for parts in subfolders
                       if not any(part.startswith((".", "__")) for part in parts))]


# Folders of data inside the package (store/sql) are namespace packages to setuptools.
setup(packages=[*find_namespace_packages(include=["isp_wizard", "isp_wizard.*"],
                                         exclude=["*.__pycache__"]),
                *(name for package, folder in SHIPPED.items()
                  for name in data_packages(package, folder))],
      package_dir=SHIPPED)
