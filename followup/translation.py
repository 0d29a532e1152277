"""History for the follow-up app's records that people edit (see governance.translation)."""

from simple_history import register as track_history

from followup.models import ReportText

track_history(ReportText)
