//! The echarts parts the segments panel adds to those `components/EChart.tsx` registers (lines,
//! grid, tooltip, legend): bars for the profiles and scatter for the map. Registering is global
//! and idempotent; importing this module is enough.

import { use } from 'echarts/core';
import { BarChart, ScatterChart } from 'echarts/charts';

use([BarChart, ScatterChart]);
