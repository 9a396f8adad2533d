// Filled in by the first commit that gives this target its job.
