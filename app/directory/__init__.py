"""The public directory: search, profiles, compare, export, shortlists, inquiries.

Importing the package registers the session events that keep directory_listings current.
"""

from app.directory import listings as _listings  # noqa: F401
