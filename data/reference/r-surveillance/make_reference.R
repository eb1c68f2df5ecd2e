# Reference figures for Cohesion's alerts/ (EARS C1/C2/C3 and Farrington flexible) from R's
# `surveillance` package, on the package's own example series.
#
#   Rscript data/reference/r-surveillance/make_reference.R   (run from the repository root)
#
# Writes series.csv (the input counts, one column per series, one row per period) and
# expected.json (upperbound, expected count and alarm per time point for each method/control).
# Series are rebuilt as sts objects WITHOUT dates (epochAsDate = FALSE) so that the time trend is
# the period index and "one year back" is exactly `freq` periods, which is what Cohesion does
# (R with dates measures weekly years by calendar and monthly time in days; see docs/methods/alerts.md).
suppressPackageStartupMessages({ library(surveillance); library(jsonlite) })
out <- "data/reference/r-surveillance"

data(salmNewport); data(rotaBB); data(salmonella.agona); data(ha.sts)
nosdate <- function(obs, freq, start) sts(observed = as.matrix(obs), frequency = freq, start = start)
series <- list(
  # weekly, 528 weeks from 2004 week 1: all Germany and two states
  newport_total = list(obs = rowSums(observed(salmNewport)), freq = 52, start = c(2004, 1)),
  newport_bavaria = list(obs = observed(salmNewport)[, "Bavaria"], freq = 52, start = c(2004, 1)),
  newport_berlin = list(obs = observed(salmNewport)[, "Berlin"], freq = 52, start = c(2004, 1)),
  # weekly, 312 weeks from 1990 week 1
  agona = list(obs = salmonella.agona$observed, freq = 52, start = c(1990, 1)),
  # weekly, 290 weeks from 2001 week 1: hepatitis A in Berlin, all districts summed
  ha_total = list(obs = rowSums(observed(ha.sts)), freq = 52, start = c(2001, 1)),
  # monthly, 144 months from 2002-01: rotavirus in Brandenburg
  rota_00_04 = list(obs = observed(rotaBB)[, "00-04"], freq = 12, start = c(2002, 1)),
  rota_15_69 = list(obs = observed(rotaBB)[, "15-69"], freq = 12, start = c(2002, 1)),
  rota_70 = list(obs = observed(rotaBB)[, "70+"], freq = 12, start = c(2002, 1))
)

# Compact CSV: series,freq,start_year,start_period,counts (space-separated)
csv <- data.frame(
  series = names(series),
  freq = sapply(series, `[[`, "freq"),
  start_year = sapply(series, function(s) s$start[1]),
  start_period = sapply(series, function(s) s$start[2]),
  counts = sapply(series, function(s) paste(as.integer(s$obs), collapse = " "))
)
write.csv(csv, file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)

num <- function(x) ifelse(is.na(x), NA, x)
cases <- list()
add <- function(name, method, control, x, res, expected = NULL) {
  # Evaluated time points (1-based): the last nrow(res) of the series.
  r <- (nrow(observed(x)) - nrow(observed(res)) + 1):nrow(observed(x))
  cases[[length(cases) + 1]] <<- list(
    series = name, method = method, control = control,
    range = c(min(r), max(r)),
    upperbound = num(as.vector(upperbound(res))),
    expected = if (is.null(expected)) NULL else num(as.vector(expected)),
    alarm = as.vector(alarms(res))
  )
}

for (name in names(series)) {
  s <- series[[name]]
  x <- nosdate(s$obs, s$freq, s$start)
  for (method in c("C1", "C2", "C3")) {
    for (ctl in list(list(baseline = 7), list(baseline = 12, alpha = 0.05))) {
      control <- c(list(method = method), ctl)
      res <- earsC(x, control = control)
      add(name, "ears", control, x, res)
    }
  }
  far <- list(
    list(),
    list(b = 3, w = 2, alpha = 0.01),
    list(trend = FALSE, reweight = FALSE, powertrans = "none"),
    list(powertrans = "1/2", weightsThreshold = 1),
    list(noPeriods = 10, pastWeeksNotIncluded = 26, b = 4),
    list(noPeriods = 10, pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin"),
    list(noPeriods = 10, pastWeeksNotIncluded = 26, thresholdMethod = "muan"),
    list(noPeriods = 3, thresholdMethod = "muan", limit54 = c(0, 4), b = 4)
  )
  for (ctl in far) {
    if (s$freq == 12 && !is.null(ctl$noPeriods) && ctl$noPeriods == 10) {
      ctl$noPeriods <- 4; ctl$pastWeeksNotIncluded <- 6
    }
    control <- c(ctl, list(glmWarnings = FALSE))
    res <- farringtonFlexible(x, control = control)
    control$glmWarnings <- NULL
    add(name, "farrington", control, x, res, res@control$expected)
  }
}
writeLines(toJSON(list(
  generator = paste("R", getRversion(), "surveillance", packageVersion("surveillance")),
  cases = cases
), digits = NA, auto_unbox = TRUE, na = "null", null = "null"), file.path(out, "expected.json"))
cat(length(cases), "cases\n")
