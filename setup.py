"""Packaging beyond pyproject.toml: the top-level resources/ folder (translations, lesson texts
and thumbnails, icon, style sheet) goes into the installed package as playground/_resources,
where playground.core.resources finds it. A checkout and an editable install read resources/ in
place. The launcher and its icon also go to <prefix>/share/, where desktops look for them."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if not getattr(self, "editable_mode", False):
            target = Path(self.build_lib) / "playground" / "_resources"
            shutil.copytree(RESOURCES, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources},
      data_files=[("share/applications", ["resources/optimization-playground.desktop"]),
                  ("share/icons/hicolor/scalable/apps", ["resources/icons/optimization-playground.svg"])])
