# The Lead model and its delivery arrive with the return requests issue.
