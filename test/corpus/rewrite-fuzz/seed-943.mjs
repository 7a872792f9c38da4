":";	"<@bQ";
for (const [] of  (((((this)
? ((/A\8{57256,73097}\u{7cdc2}{33885,}|^[^-]{11896,14860}?[^-]*?|$|[^\$MR\--]$\b()()()()()()()()/gmu)) : (async function wgrhnimkfgkven() { 
  "Pc"
﻿  "°O";﻿//o﻿ ﻿f    class async {/*qeet k 　   
*/
　  static

 set// p 　lu
/*v tf　mm  m  s﻿ 	*///r u n　dib  c    [(.12)]

 (q)
/* qa dfz s i
s   kk
*/
{
  /*xys
hu
rrv*/ //  m　yzrdyi nfxx "use strict"/*f  lf    *///p y yly// vmxs 
//
}/* u	f klk*/
 }
}))
instanceof (/(?:)+(?:)(?=)[^]?|[^-]{6407}?|i[^]{49807,}?$(?!)G/gmsuy))))) continue 
import //﻿	opd  o  k 
 * as lctxd
from ""

import {async} 

from

""
