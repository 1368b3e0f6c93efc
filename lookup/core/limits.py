"""Limits on what clients send, defined once for the pages, the API and the services."""

MAX_QUERY = 200  # characters of a question; the API refuses longer ones, pages cut them
MAX_FILTER = 100  # characters of a department filter
MAX_ITEM_ID = 64  # characters of an item id in a URL or a report
MAX_PAGE = 1000
MAX_PER_PAGE = 50
MAX_DB_INT = 2**31 - 1  # larger ids or version numbers are unknown, never a database error
