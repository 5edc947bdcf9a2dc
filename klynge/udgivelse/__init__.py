"""Releases: what was sent to the specialty societies and what changed since.

From the bottom up: the release files in data/udgivelser/ (`filer`), a sheet's figure record
(`talregister`), the colophon that names the release (`kolofon`), the comparison of the current
sheets with a release (`aendringer`, the "Ændringer" page) and the release command (`kommando`).
"""
