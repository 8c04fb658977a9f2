"""Warta's project configuration, installed and imported as ``warta_site``.

The folder is called ``site/`` (the design card) but ``site`` is a standard-library
module, so ``pyproject.toml`` maps this folder to the import name ``warta_site``.
"""
