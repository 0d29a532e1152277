"""Staff pages: where applications travel to a decision and work is recorded (issue 4)."""
