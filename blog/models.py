# Blog index and post pages arrive with the reentry blog issue.
