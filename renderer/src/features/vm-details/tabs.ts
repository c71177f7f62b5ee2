// Every tab of a VM's details, registered once at load. A new tab: its folder here and a line below.
import { HardwareTab } from './hardware/HardwareTab.js';
import { OverviewTab } from './overview/OverviewTab.js';
import { PerformanceTab } from './performance/PerformanceTab.js';
import { registerVmTab } from './registry.js';
import { ResourcesTab } from './resources/ResourcesTab.js';
import { XmlTab } from './xml/XmlTab.js';

registerVmTab({ id: 'overview', label: 'details.overview', order: 10, Panel: OverviewTab });
registerVmTab({ id: 'hardware', label: 'hardware.tab', order: 20, Panel: HardwareTab });
registerVmTab({ id: 'resources', label: 'details2.res.tab', order: 25, Panel: ResourcesTab });
registerVmTab({ id: 'performance', label: 'details.performance', order: 30, Panel: PerformanceTab });
registerVmTab({ id: 'xml', label: 'details2.xml.tab', order: 50, Panel: XmlTab });
