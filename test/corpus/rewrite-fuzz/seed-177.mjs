for((((null)));;) var/*  pfx
i﻿ 
　*/ {} =
(class

async/*	﻿ c l	 ee*/ /*﻿s  */// 
extends class {}/*  r
i  ov 
xsa
i*/ {
  get [/|\0|(?!){60194,81297}?(?=){88710}?(?=)+?(?:)|\s??f{9322}(?!)$[]?/gims]() {}
  static *[true]()// no
 /*
 
 s  o jegrcq*/{}
/*o*/// tcb　oy rt f jg u
/*d*/
get [5204.79]() {
/*nj *//*b	 cg kx*//**/  "use strict";
  }
}),//  m﻿xy rzxp  
// zc cqh bkr p i
async =[], {DÉ: i = "Æ:L", g,
"": async,

async} = this, async
﻿ 
try {/*  l﻿ */
  (class {
    set [";)6ð"] /* ﻿ 
*/(q) {     //dn r  jt   
  "use strict"     "use strict";
     

 "vù·¶";
  	  "use strict";
 }
  });

 debugger;

	for
(async //d l qoj
/*v	d  s*/in

[...-(null),﻿ ...[],	,　 /* */])

break;

  try{
/*  ll ﻿hy*/    if (/(?:)/msuy) throw 2e308; else ;  }/*cq*//*  */
/*	pa*/catch

([]) {}
} catch (aydrviiaxr) {}


debugger
 