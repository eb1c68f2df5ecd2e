# Reference figures for @cohesion/geo's survey estimation, from R's `survey` package on its own
# example data (the California API samples: Lumley 2010, ch. 2-3).
#   Rscript data/reference/r-survey/make.R      (run from the repository root; Debian r-cran-survey)
# Missing answers (apiclus2 enroll) are left out with na.rm=TRUE, i.e. as a domain of the design.
# Writes compact CSVs of the columns used (apistrat.csv, apiclus1.csv, apiclus2.csv) and
# expected.json. Every number is written with 17 significant digits.
suppressMessages({ library(survey); library(jsonlite) })
out <- "data/reference/r-survey"
data(api)
keep <- c("snum", "dnum", "stype", "api00", "enroll", "sch.wide", "awards")
# A stratified cluster design with one lonely PSU: district 61 alone in stratum "A".
apiclus1$region <- ifelse(apiclus1$dnum == 61, "A", ifelse(apiclus1$dnum < 450, "B", "C"))
save <- function(df, name) {
  write.csv(df, file.path(out, name), row.names = FALSE, quote = FALSE)
  # Estimate from the CSV as written, so the TypeScript tests read exactly the same numbers.
  read.csv(file.path(out, name))
}
apistrat <- save(apistrat[, c(keep, "pw", "fpc")], "apistrat.csv")
apiclus1 <- save(apiclus1[, c(keep, "pw", "fpc", "region")], "apiclus1.csv")
apiclus2 <- save(apiclus2[, c(keep, "pw", "fpc1", "fpc2")], "apiclus2.csv")
num <- function(x) unname(as.numeric(x))
prop <- function(design, method, level = 0.95) {
  r <- svyciprop(~I(sch.wide == "Yes"), design, method = method, level = level)
  list(estimate = num(r), se = sqrt(num(attr(r, "var"))), ci = num(attr(r, "ci")), df = degf(design))
}
mean_ <- function(design, var = ~api00) {
  m <- svymean(var, design, deff = TRUE, na.rm = TRUE)
  r <- svymean(var, design, deff = "replace", na.rm = TRUE)
  list(estimate = num(coef(m)), se = num(SE(m)), deff = num(deff(m)), deffReplace = num(deff(r)))
}
by_ <- function(design) {
  m <- svyby(~api00, ~stype, design, svymean, deff = TRUE)
  # svyby(..., svyciprop, vartype="ci") reports symmetric Wald intervals from coef and SE, so the
  # per-area svyciprop intervals are taken from svyciprop on each domain (subset) directly.
  levs <- levels(factor(design$variables$stype))
  dom <- function(method) {
    r <- lapply(levs, function(s) svyciprop(~I(sch.wide == "Yes"), subset(design, stype == s), method = method))
    list(estimate = sapply(r, num), lo = sapply(r, function(x) num(attr(x, "ci"))[1]),
         hi = sapply(r, function(x) num(attr(x, "ci"))[2]))
  }
  sm <- svyby(~as.numeric(sch.wide == "Yes"), ~stype, design, svymean, deff = TRUE)
  dfs <- sapply(levs, function(s) degf(subset(design, stype == s)))
  list(
    areas = as.character(m$stype),
    api00 = list(estimate = num(coef(m)), se = num(SE(m)), deff = num(deff(m))),
    schWide = list(
      estimate = num(coef(sm)), se = num(SE(sm)), deff = num(deff(sm)), df = num(dfs),
      logit = dom("logit"), xlogit = dom("xlogit")
    )
  )
}
case <- function(design) list(
  n = nrow(design), df = degf(design),
  api00 = mean_(design), enroll = mean_(design, ~enroll),
  schWide = list(logit = prop(design, "logit"), xlogit = prop(design, "xlogit"),
                 mean = prop(design, "mean"), logit90 = prop(design, "logit", 0.9),
                 deff = mean_(design, ~as.numeric(sch.wide == "Yes"))$deff),
  by = by_(design)
)
designs <- list(
  # Stratified simple random sample by school type, with and without the finite population correction.
  strat = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat),
  stratFpc = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat),
  # One-stage cluster sample of school districts.
  clus1 = svydesign(id = ~dnum, weights = ~pw, data = apiclus1),
  clus1Fpc = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1),
  # Two-stage sample, estimated with the ultimate-cluster (first-stage) variance and its fpc.
  clus2Fpc1 = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc1, data = apiclus2),
  # Equal weights, no design: a simple random sample with replacement.
  srs = svydesign(id = ~1, data = apistrat)
)
expected <- lapply(designs, case)

# Lonely PSU: stratified cluster design with district 61 alone in its stratum.
lonely <- list()
for (opt in c("adjust", "certainty", "average", "remove")) {
  options(survey.lonely.psu = opt)
  d <- svydesign(id = ~dnum, strata = ~region, weights = ~pw, data = apiclus1)
  lonely[[opt]] <- list(df = degf(d), api00 = mean_(d), schWide = prop(d, "xlogit"), by = by_(d))
}
options(survey.lonely.psu = "fail")
d <- svydesign(id = ~dnum, strata = ~region, weights = ~pw, data = apiclus1)
lonely$fail <- list(error = tryCatch({ svymean(~api00, d); "none" }, error = function(e) conditionMessage(e)))
expected$lonely <- lonely
expected$meta <- list(R = R.version.string, survey = as.character(packageVersion("survey")))
writeLines(toJSON(expected, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out, "expected.json"))
