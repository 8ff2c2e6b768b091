//! The echarts parts the evaluation adds to those `components/EChart.tsx` registers: custom
//! series (dots with interval whiskers) and scatter (the theme baseline, the current strength).
//! Registering is global and idempotent; importing this module is enough.

import { use } from 'echarts/core';
import { CustomChart, ScatterChart } from 'echarts/charts';

use([CustomChart, ScatterChart]);
