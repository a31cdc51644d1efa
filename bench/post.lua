-- wrk sends GET unless told otherwise; the function answers POST only.
wrk.method = "POST"
