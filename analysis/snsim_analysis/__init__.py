"""snsim_analysis: read snsim results files, summarise replicates, plot, and report.

    import snsim_analysis as sa
    ds = sa.open_results("results/quickstart.h5")      # xarray.Dataset: run x step x brand
    sa.summarise(ds, "reach")                           # mean and 95% interval per step
    sa.plot_reach(ds)                                   # one line per strategy, with bands
    sa.sensitivity("results/claim.h5", "roi", brand="networker")   # which parameters drive it

See analysis/README.md for the API and analysis/FORMAT.md for the file layout.
"""
from .errors import (DamagedResultsError, DesignError, FormatVersionError, MetricValueError,
                     NotAvailableError, NotHDF5Error, NotSnsimResultsError,
                     ResultsFileNotFoundError, SelectionError, SnsimAnalysisError,
                     UnknownMetricError)
from .plots import (FUNNEL_STAGES, plot_cascade_histogram, plot_cascade_sizes, plot_curves,
                    plot_funnel, plot_growth, plot_heatmap, plot_incremental, plot_market_share,
                    plot_morris,
                    plot_reach, plot_roi, plot_sensitivity, plot_true_vs_measured, save_figure)
from .paths import checkout, results_path, snsim_binary
from .report import write_report
from .results import (FORMAT_VERSION, POPULATION, cascade_size_histogram, cascade_sizes,
                      command_line_overrides,
                      get_metric, metric_names, open_results, parameter_names, to_frame)
from .sensitivity import SEED_NOISE, design_table, sensitivity, sensitivity_indices
from .summary import (compare_strategies, final_value, lower_bound, mean_ci, strategies, summarise,
                      time_to_reach)

__version__ = "0.1.0"
