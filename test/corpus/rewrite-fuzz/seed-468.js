"láI"
 "A<K"


"use strict";
"÷"
for (((((null))// o
 

/*fvyv*/ /*z  p    */? 2e308 : (((await= new (((function () {

 "VÝÆ"
  "^iÌ"
  "£"
})))((p = ((/q(?=\b)/isy))), ...true)) << []))));
//ir jus pjzfxb
await => {
  "-"
  "use strict"
 // qg  fuhqjrv uy  if (((class async extends (([..."", ,

, ])) {}))) ; else var r, 

u = /R[^\H-\uEd58!O-l]/gm};

 (((`i4M${true}f^[vù`(true, .../(?:)/msu, ...new ((null)), ...t

= ((2e308))))))[(/\6[\0-\\\+-x\?-\^u-]|\b(?:){19336,36561}?\2$(?:){37236,}?()()()()()()/suy

<<

this >> new   (``)(...(((0))), null, ((true)) 　? null: (arguments), (!(9336))))] 

**=
 /(?:)(?:)\E{7679,}?|\O{84570}?(?=)?|[]{93861,97632}[^\)-6\\Z-\\\c_]C{97812,99268}?(?=)+?/my[{...s}] ++) break
switch ((3670.57)) 

{ 

case +((([, , ]))? (async

**= this()) :  (((class{}())))):
    {
      debugger
    }
    (2e308)
	 ;
  const x﻿=

(()﻿=> arguments), async ="C´"(), s= (2e308.return),  {}
﻿= ((("Ù")))
}
