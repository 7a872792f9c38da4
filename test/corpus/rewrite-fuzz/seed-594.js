"";
"1Ù"
 "use strict"

if　(((/(?:)/imsy)))

while ((([((new

﻿(2e308)(...(this),

/* y*/(((((this))//rtd j	  	 a h﻿
  	>= (i)))), ...(((2e308))), ...(2e308), ((/[^][^(\--\^-]\7{82436,83760}?()()()()()()()/mu))))), ,　, ...(this),//a pdgn   , ]) ? ((await => {
  ""
  "use strict"

 "z"   return
}) ^ ((((null).h) ? (((v = ((h)))))

:﻿/*  */((typeoffalse))))) : ({})))

continue;
for (var
ovcfqfdejr
in (llcjvb)) throw ({get

[(2747)]() 　 {


 

 "use strict"
  /*	zuh  h  *//*s
*/"use strict"

 "use strict";
  "use strict"
  "";
  try
 {} //﻿lcv  catch (u) {}
  for (n of ((/[^;-\276G-x\c5]{879,47053}?/gmsy)))

 var s = ((0));// u xy﻿d epe z  kr
//xd  dk
}});
;
