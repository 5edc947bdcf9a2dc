"""Reading and validating the survey data: codebook, answers, published figures, editorial texts."""
