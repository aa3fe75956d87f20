"""Every domain's tables, imported so Alembic and the tests see one complete metadata."""

import app.accounts.models
import app.directory.models
import app.engagements.models
import app.evidence.models
import app.notifications.models
import app.partners.models
import app.reviews.models
import app.schools.models  # noqa: F401
from app.db import Base

metadata = Base.metadata
