"""People who use Pantau: reviewers, coordinators, admins; their logins, sessions and tokens."""
